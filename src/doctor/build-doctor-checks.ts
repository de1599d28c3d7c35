/** Turns what the doctor found into checks that say what is wrong and what to do. Pure. */
import { checkSandbox } from '../providers/sandbox-rule.js';
import type { ProviderName } from '../providers/types.js';
import { check, type DoctorCheck } from './doctor-check.js';
import type { DoctorFacts, PathFact, ProviderFact } from './doctor-facts.js';
import { isTestedVersion, parseCliVersion, TESTED_CLI_VERSIONS } from './tested-versions.js';

const INSTALL = { claude: '@anthropic-ai/claude-code', codex: '@openai/codex' } as const;

function configCheck(facts: DoctorFacts): DoctorCheck {
  const config = facts.config;
  if (config.kind === 'none')
    return check(
      'config',
      'skip',
      'no --config given, so MAIN_REPO, WORKTREES and SESSIONS were not checked',
      'pass --config path/to/.samocode',
    );
  if (config.kind === 'invalid')
    return check(
      'config',
      'fail',
      config.message,
      `fix ${config.path} (or the environment) as the message says`,
    );
  return check('config', 'ok', `read ${config.config.configPath}`);
}

function cliCheck({ provider, cli }: ProviderFact): DoctorCheck {
  if (cli.path === undefined) {
    return cli.setting.includes('/')
      ? check(
          'provider.cli',
          'fail',
          `${provider} CLI "${cli.setting}" is not an executable file`,
          `fix ${provider === 'claude' ? 'CLAUDE_PATH' : 'CODEX_PATH'}`,
        )
      : check(
          'provider.cli',
          'fail',
          `${provider} CLI "${cli.setting}" was not found on PATH`,
          `npm install -g ${INSTALL[provider]}, or set ${provider === 'claude' ? 'CLAUDE_PATH' : 'CODEX_PATH'}`,
        );
  }
  const version = parseCliVersion(cli.versionLine ?? '');
  if (version === undefined) {
    return check(
      'provider.cli',
      'warn',
      `${provider} at ${cli.path} did not print a version (${(cli.versionError ?? cli.versionLine ?? 'no output').slice(0, 160)})`,
      `run ${cli.path} --version and check it is the ${INSTALL[provider]} CLI`,
    );
  }
  const range = TESTED_CLI_VERSIONS[provider];
  if (!isTestedVersion(provider, version)) {
    return check(
      'provider.cli',
      'warn',
      `${provider} ${version} at ${cli.path} is outside the tested range ${range.oldest}–${range.newest}`,
      `it may work; if a run misbehaves, install a tested version (npm install -g ${INSTALL[provider]}@${range.newest})`,
    );
  }
  return check(
    'provider.cli',
    'ok',
    `${provider} ${version} at ${cli.path} (tested: ${range.oldest}–${range.newest})`,
  );
}

function authCheck(facts: DoctorFacts, provider: ProviderName): DoctorCheck {
  const { env, credentials } = facts;
  if (provider === 'claude') {
    if (env.ANTHROPIC_API_KEY)
      return check(
        'provider.auth',
        'ok',
        'ANTHROPIC_API_KEY is set: claude bills your Anthropic API account per token (the key wins over a subscription login)',
      );
    if (env.CLAUDE_CODE_OAUTH_TOKEN)
      return check(
        'provider.auth',
        'ok',
        'CLAUDE_CODE_OAUTH_TOKEN is set: usage counts against your Claude subscription plan',
      );
    if (credentials.hasClaudeLogin)
      return check(
        'provider.auth',
        'ok',
        `logged in (${credentials.claudeLoginPath}): usage counts against your Claude subscription plan`,
      );
    return check(
      'provider.auth',
      'fail',
      `claude has no credentials: no ANTHROPIC_API_KEY, no CLAUDE_CODE_OAUTH_TOKEN, no ${credentials.claudeLoginPath}`,
      'run claude and /login (subscription), or set ANTHROPIC_API_KEY (billed per token)',
    );
  }
  if (env.CODEX_API_KEY)
    return check(
      'provider.auth',
      'ok',
      'CODEX_API_KEY is set: codex bills your OpenAI API account per token',
    );
  if (credentials.codexAuth === 'api_key')
    return check(
      'provider.auth',
      'ok',
      `logged in with an API key (${credentials.codexAuthPath}): codex bills your OpenAI API account per token`,
    );
  if (credentials.codexAuth === 'chatgpt')
    return check(
      'provider.auth',
      'ok',
      `logged in with ChatGPT (${credentials.codexAuthPath}): usage counts against your ChatGPT plan`,
    );
  const ignored = env.OPENAI_API_KEY ? ' (OPENAI_API_KEY is set, but codex exec ignores it)' : '';
  const unreadable =
    credentials.codexAuth === 'unreadable' ? ` (${credentials.codexAuthPath} is unreadable)` : '';
  return check(
    'provider.auth',
    'fail',
    `codex has no credentials${ignored}${unreadable}`,
    'run codex login, or export CODEX_API_KEY (billed per token)',
  );
}

function rootCheck(facts: DoctorFacts, provider: ProviderName): DoctorCheck {
  if (facts.uid !== 0) return check('provider.root', 'ok', 'not running as root');
  if (provider !== 'claude') return check('provider.root', 'ok', 'running as root (codex does not mind)');
  // The same words as `run` says before it starts.
  const refusal = checkSandbox(provider, facts.env, facts.uid);
  if (refusal === undefined) return check('provider.root', 'ok', 'running as root with IS_SANDBOX=1');
  return check('provider.root', 'fail', refusal.problem, refusal.fix);
}

function gitCheck(facts: DoctorFacts): DoctorCheck {
  return facts.git.versionLine
    ? check('git', 'ok', facts.git.versionLine)
    : check(
        'git',
        'fail',
        `git was not found or did not run (${(facts.git.error ?? 'no output').slice(0, 160)})`,
        'install git (samocode gives each session its own worktree and branch)',
      );
}

function pathCheck(fact: PathFact): DoctorCheck {
  const id = `paths.${fact.key.toLowerCase()}`;
  if (fact.problem)
    return check(
      id,
      'fail',
      `${fact.key} ${fact.path}: ${fact.problem}`,
      `make ${fact.path} writable (chmod u+w) or choose another ${fact.key}`,
    );
  if (fact.key === 'MAIN_REPO' && fact.isGitRepo === false)
    return check(
      id,
      'warn',
      `MAIN_REPO ${fact.path} is not a git repository: the agent would work in it directly, with no worktree or branch`,
      `git init ${fact.path} (and commit), or point MAIN_REPO at a repository`,
    );
  return check(
    id,
    'ok',
    `${fact.key} ${fact.path}${fact.key === 'MAIN_REPO' ? ' is a git repository' : ' is writable'}`,
  );
}

function logCheck(facts: DoctorFacts): DoctorCheck {
  const { path, problem } = facts.logDir;
  return problem
    ? check('log.dir', 'fail', `log folder ${path}: ${problem}`, 'set SAMOCODE_LOG_DIR to a writable folder')
    : check('log.dir', 'ok', `log folder ${path} is writable`);
}

function telegramCheck(facts: DoctorFacts): DoctorCheck {
  const telegram = facts.telegram;
  switch (telegram.kind) {
    case 'not-configured':
      return check(
        'telegram',
        'skip',
        'TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID are not set: no notifications',
      );
    case 'half-configured':
      return check(
        'telegram',
        'fail',
        `${telegram.missing} is missing, so no notification would be sent`,
        `set ${telegram.missing} too, or unset both`,
      );
    case 'reachable':
      return check('telegram', 'ok', 'the Telegram bot API answered with this bot token');
    default:
      return check(
        'telegram',
        'fail',
        `Telegram did not answer within 5 s or refused the token (${telegram.reason})`,
        'check TELEGRAM_BOT_TOKEN and the network; notifications never stop a run',
      );
  }
}

/** The fallback provider's checks: the primary's, under `fallback.*` ids and said of the fallback. */
function fallbackChecks(facts: DoctorFacts): DoctorCheck[] {
  const fallback = facts.fallback;
  if (fallback === undefined) return [];
  return [cliCheck(fallback), authCheck(facts, fallback.provider), rootCheck(facts, fallback.provider)].map(
    (entry) => ({
      ...entry,
      id: entry.id.replace(/^provider\./, 'fallback.'),
      message: `fallback provider: ${entry.message}`,
    }),
  );
}

export function buildDoctorChecks(facts: DoctorFacts): DoctorCheck[] {
  return [
    configCheck(facts),
    cliCheck(facts),
    authCheck(facts, facts.provider),
    rootCheck(facts, facts.provider),
    ...fallbackChecks(facts),
    gitCheck(facts),
    ...facts.paths.map(pathCheck),
    logCheck(facts),
    telegramCheck(facts),
  ];
}
