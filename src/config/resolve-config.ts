/**
 * Pure configuration resolution: a session's own values beat flags, which beat the environment,
 * which beats `.env` files, which beat `.samocode`, which beats defaults (`pick-value.ts`). Every
 * problem is reported at once.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import type { ProviderName } from '../providers/types.js';
import { hideSecret } from '../text/redact.js';
import type { Config, ConfigIssue, ConfigResult, ConfigSources } from './config.js';
import { type Limits, resolveLimits } from './limits.js';
import { type PhaseModels, parsePhaseModels } from './phase-models.js';
import { fixOf, pickValue, type ValueSource } from './pick-value.js';
import { RawConfigSchema, SECRET_VARIABLES, VARIABLE_NAMES, VARIABLES, type VariableName } from './schema.js';

const FLAG_OF: Partial<Record<VariableName, string>> = {
  SAMOCODE_PROVIDER: '--provider',
  SAMOCODE_FALLBACK_PROVIDER: '--fallback-provider',
  CLAUDE_MODEL: '--model',
  CODEX_MODEL: '--model',
  CLAUDE_TIMEOUT: '--timeout',
  CODEX_TIMEOUT: '--timeout',
  VERIFY: '--verify',
  SAMOCODE_PHASE_MODELS: '--phase-model',
  SAMOCODE_FALLBACK_PHASE_MODELS: '--fallback-phase-model',
  SAMOCODE_ESCALATE_MODEL: '--escalate-model',
};

function flagValue(sources: ConfigSources, name: VariableName): string | undefined {
  const { flags } = sources;
  if (name === 'SAMOCODE_PROVIDER') return flags.provider;
  if (name === 'SAMOCODE_FALLBACK_PROVIDER') return flags.fallbackProvider;
  if (name === 'VERIFY') return flags.verify;
  if (name === 'CLAUDE_TIMEOUT' || name === 'CODEX_TIMEOUT') {
    return flags.timeout === undefined ? undefined : String(flags.timeout);
  }
  return undefined;
}

interface Picked {
  readonly value: string | undefined;
  readonly source: ValueSource;
  readonly fix?: string;
}

function pick(sources: ConfigSources, name: VariableName): Picked {
  const picked = pickValue(sources, name, flagValue(sources, name));
  if (picked !== undefined) return picked;
  const spec = VARIABLES[name];
  return { value: 'fallback' in spec ? spec.fallback : undefined, source: 'default' };
}

function fixFor(name: VariableName, picked: Picked, configPath: string): string {
  if (picked.value === undefined) return `add a line ${name}=<value> to ${configPath}`;
  return fixOf(name, { ...picked, value: picked.value }, configPath, FLAG_OF[name]);
}

/** key, value received, what was expected, and the fix, on one line. */
export function renderConfigIssue(issue: ConfigIssue): string {
  return `${issue.key}: ${issue.received === undefined ? 'missing' : `got "${issue.received.slice(0, 200)}"`}, expected ${issue.expected}; ${issue.fix}`;
}

/** One line per issue: key, value received, what was expected, and the fix. */
export function renderConfigIssues(issues: readonly ConfigIssue[]): string {
  const lines = issues.map((issue) => `  - ${renderConfigIssue(issue)}`);
  return `configuration has ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n${lines.join('\n')}`;
}

/** Resolves a path from `.samocode` against the folder of that file. */
export function absoluteFrom(configPath: string, value: string): string {
  return isAbsolute(value) ? value : resolve(dirname(configPath), value);
}

export function resolveConfig(sources: ConfigSources): ConfigResult {
  const picked = Object.fromEntries(VARIABLE_NAMES.map((name) => [name, pick(sources, name)])) as Record<
    VariableName,
    Picked
  >;
  const raw = Object.fromEntries(VARIABLE_NAMES.map((name) => [name, picked[name].value]));
  const issues: ConfigIssue[] = [];
  const issueOf = (name: VariableName, expected: string = VARIABLES[name].expected): ConfigIssue => ({
    key: picked[name].source === 'flag' ? (FLAG_OF[name] ?? name) : name,
    received: SECRET_VARIABLES.includes(name) ? hideSecret(picked[name].value) : picked[name].value,
    expected,
    fix: fixFor(name, picked[name], sources.configPath),
  });

  const parsed = RawConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const bad = new Set<VariableName>();
    for (const zodIssue of parsed.error.issues) {
      const key = zodIssue.path[0];
      const name = VARIABLE_NAMES.find((candidate) => candidate === key);
      const issue = name ? issueOf(name) : undefined;
      // Both timeouts come from one --timeout flag: report it once.
      if (name && issue && !bad.has(name) && !issues.some((known) => known.key === issue.key)) {
        bad.add(name);
        issues.push(issue);
      }
    }
  }
  // Every bad pair of a phase-model map is its own issue.
  const phaseModelsOf = (name: 'SAMOCODE_PHASE_MODELS' | 'SAMOCODE_FALLBACK_PHASE_MODELS'): PhaseModels => {
    const { models, problems } = parsePhaseModels(picked[name].value ?? '');
    for (const { pair, problem } of problems) {
      issues.push({ ...issueOf(name, `${VARIABLES[name].expected}; this pair ${problem}`), received: pair });
    }
    return models;
  };
  const phaseModels = phaseModelsOf('SAMOCODE_PHASE_MODELS');
  const fallbackPhaseModels = phaseModelsOf('SAMOCODE_FALLBACK_PHASE_MODELS');
  if (sources.flags.model !== undefined && sources.flags.model.trim() === '') {
    issues.push({
      key: '--model',
      received: '',
      expected: 'a model name',
      fix: 'pass a model name to --model',
    });
  }

  const directories: Partial<Record<VariableName, string>> = {};
  for (const name of ['MAIN_REPO', 'WORKTREES', 'SESSIONS'] as const) {
    const value = picked[name].value;
    if (value === undefined || value === '') continue;
    const path = absoluteFrom(sources.configPath, value);
    if (!sources.probe.isDirectory(path)) {
      issues.push({
        ...issueOf(name),
        received: path,
        fix: `create the directory (mkdir -p ${path}) or correct ${name}= in ${sources.configPath}`,
      });
    }
    directories[name] = path;
  }

  // The CLI is checked even when other values are bad, so every problem is reported in one pass.
  const providerPick = VARIABLES.SAMOCODE_PROVIDER.schema.safeParse(picked.SAMOCODE_PROVIDER.value ?? '');
  const selected: ProviderName | undefined = providerPick.success ? providerPick.data : undefined;
  const environment = Object.freeze({ ...sources.dotenv, ...sources.env });
  const findCli = (provider: ProviderName): string | undefined => {
    const pathKey = PATH_KEY[provider];
    const configured = picked[pathKey].value ?? '';
    const found =
      sources.requireCli === false
        ? (locateCli(configured, sources) ?? configured)
        : configured === ''
          ? undefined
          : locateCli(configured, sources);
    if (found === undefined && !issues.some((issue) => issue.key === pathKey)) {
      issues.push({
        ...issueOf(pathKey),
        expected: configured.includes('/')
          ? 'an existing executable file'
          : 'a command found on PATH (or a path to the executable)',
        fix: `install the ${provider} CLI or set ${pathKey} to its full path`,
      });
    }
    return found;
  };
  const cliPath = selected === undefined ? undefined : findCli(selected);
  const fallbackPick = VARIABLES.SAMOCODE_FALLBACK_PROVIDER.schema.safeParse(
    picked.SAMOCODE_FALLBACK_PROVIDER.value ?? '',
  );
  const fallbackName = fallbackPick.success ? toFallbackName(fallbackPick.data) : undefined;
  if (fallbackName !== undefined && fallbackName === selected) {
    issues.push({
      ...issueOf('SAMOCODE_FALLBACK_PROVIDER'),
      fix: `name the other provider as the fallback, or leave ${FLAG_OF.SAMOCODE_FALLBACK_PROVIDER} / SAMOCODE_FALLBACK_PROVIDER empty`,
    });
  }
  const fallbackCliPath =
    fallbackName === undefined || fallbackName === selected ? undefined : findCli(fallbackName);

  const limits = resolveLimits(sources, sources.flags);
  issues.push(...limits.issues);
  if (!parsed.success || issues.length > 0 || cliPath === undefined) {
    return { ok: false, issues, partial: { ...(selected ? { provider: selected } : {}), environment } };
  }
  const data = parsed.data;
  const provider: ProviderName = data.SAMOCODE_PROVIDER;
  const model = sources.flags.model ?? (provider === 'claude' ? data.CLAUDE_MODEL : data.CODEX_MODEL);
  const claude = {
    path: data.CLAUDE_PATH,
    model: provider === 'claude' ? model : data.CLAUDE_MODEL,
    maxTurns: data.CLAUDE_MAX_TURNS,
    timeoutS: data.CLAUDE_TIMEOUT,
  };
  const codex = {
    path: data.CODEX_PATH,
    model: provider === 'codex' ? model : data.CODEX_MODEL,
    timeoutS: data.CODEX_TIMEOUT,
  };
  const fallback =
    fallbackName === undefined || fallbackCliPath === undefined
      ? undefined
      : {
          provider: fallbackName,
          cliPath: fallbackCliPath,
          ...(fallbackName === 'claude'
            ? { model: claude.model, timeoutS: claude.timeoutS }
            : { model: codex.model, timeoutS: codex.timeoutS }),
          phaseModels: fallbackPhaseModels,
          escalateModel: noneAsEmpty(data.SAMOCODE_FALLBACK_ESCALATE_MODEL),
        };
  const config: Config = {
    configPath: sources.configPath,
    mainRepo: directories.MAIN_REPO ?? data.MAIN_REPO,
    worktrees: directories.WORKTREES ?? data.WORKTREES,
    sessions: directories.SESSIONS ?? data.SESSIONS,
    provider,
    cliPath,
    model,
    timeoutS: provider === 'claude' ? claude.timeoutS : codex.timeoutS,
    phaseModels: Object.freeze(phaseModels),
    escalateModel: noneAsEmpty(data.SAMOCODE_ESCALATE_MODEL),
    claude: Object.freeze(claude),
    codex: Object.freeze(codex),
    ...(fallback ? { fallback: Object.freeze(fallback) } : {}),
    fallbackAfterS: data.SAMOCODE_FALLBACK_AFTER,
    maxRetries: data.SAMOCODE_MAX_RETRIES,
    retryDelayS: data.SAMOCODE_RETRY_DELAY,
    maxSuspendS: data.SAMOCODE_MAX_SUSPEND,
    killGraceS: data.SAMOCODE_KILL_GRACE,
    branchPrefix: data.GIT_BRANCH_PREFIX.replace(/\/+$/, ''),
    verify: Object.freeze({ command: data.VERIFY, timeoutS: data.SAMOCODE_VERIFY_TIMEOUT }),
    pushTimeoutS: data.SAMOCODE_PUSH_TIMEOUT,
    telegram: Object.freeze({ botToken: data.TELEGRAM_BOT_TOKEN, chatId: data.TELEGRAM_CHAT_ID }),
    // Real environment variables win over .env files (README, Configuration); the provider gets both (e.g. API keys in .env).
    environment,
    limits: withAbsolutePrices(limits.limits, sources.configPath),
    inspectPort: data.SAMOCODE_INSPECT_PORT,
    dashboardPort: data.SAMOCODE_DASHBOARD_PORT,
    store: data.SAMOCODE_STORE,
    fleet: Object.freeze({
      account: data.SAMOCODE_ACCOUNT,
      maxSessions: data.SAMOCODE_MAX_SESSIONS,
      ...(data.SAMOCODE_MAX_PER_ACCOUNT === undefined
        ? {}
        : { maxPerAccount: data.SAMOCODE_MAX_PER_ACCOUNT }),
      leaseS: data.SAMOCODE_LEASE_SECONDS,
    }),
    heartbeatS: data.SAMOCODE_HEARTBEAT_SECONDS,
  };
  return { ok: true, config: Object.freeze(config) };
}

function withAbsolutePrices(limits: Limits, configPath: string): Limits {
  return limits.pricesFile && !limits.pricesFile.startsWith('{')
    ? { ...limits, pricesFile: absoluteFrom(configPath, limits.pricesFile) }
    : limits;
}

const PATH_KEY = { claude: 'CLAUDE_PATH', codex: 'CODEX_PATH' } as const satisfies Record<
  ProviderName,
  VariableName
>;

/** `none` (any case) means no model, as empty does. */
const noneAsEmpty = (model: string): string => (model.toLowerCase() === 'none' ? '' : model);

/** `none` and empty both mean no fallback provider. */
function toFallbackName(value: ProviderName | '' | 'none'): ProviderName | undefined {
  return value === '' || value === 'none' ? undefined : value;
}

/** A bare name is looked up on PATH; anything with a `/` must be an executable file. */
function locateCli(configured: string, sources: ConfigSources): string | undefined {
  if (!configured.includes('/')) return sources.probe.which(configured);
  const path = absoluteFrom(sources.configPath, configured);
  return sources.probe.isExecutableFile(path) ? path : undefined;
}
