/** Checks before the first attempt: is the CLI there, and will it refuse to run as we ask? */
import { constants, existsSync, readFileSync } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { parseCodexLoginConfig } from './codex-config.js';
import { checkSandbox, renderSandboxRefusal } from './sandbox-rule.js';
import type { ProviderName } from './types.js';

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds the CLI: a path (absolute or relative to `cwd`) must be an executable file; a bare name
 * is looked up on `PATH`. Returns the absolute path, or undefined.
 */
export async function resolveCliPath(
  cli: string,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string = process.cwd(),
): Promise<string | undefined> {
  if (cli.includes('/')) {
    const path = isAbsolute(cli) ? cli : resolve(cwd, cli);
    return (await isExecutableFile(path)) ? path : undefined;
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const path = join(isAbsolute(dir) ? dir : resolve(cwd, dir), cli);
    if (await isExecutableFile(path)) return path;
  }
  return undefined;
}

export interface PreflightInput {
  readonly name: ProviderName;
  /** What the user configured: a bare name or a path. */
  readonly cli: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly uid?: number;
  readonly cwd?: string;
}

export interface PreflightResult {
  readonly cliPath?: string;
  /** Empty when all is well; each entry says what is wrong and what to do. */
  readonly problems: readonly string[];
}

type Env = Readonly<Record<string, string | undefined>>;

/** The file-system questions `checkLogin` asks; real ones by default. */
export interface LoginProbe {
  readonly home: string;
  readonly platform: NodeJS.Platform;
  exists(path: string): boolean;
  read(path: string): string | undefined;
}

const readText = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

export function buildLoginProbe(env: Env): LoginProbe {
  return { home: env.HOME ?? homedir(), platform: process.platform, exists: existsSync, read: readText };
}

const CLAUDE_ACCESS_VARIABLES = [
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_AUTH_TOKEN',
  'CLAUDE_CODE_OAUTH_TOKEN',
  'CLAUDE_CODE_USE_BEDROCK',
  'CLAUDE_CODE_USE_VERTEX',
  'CLAUDE_CODE_USE_FOUNDRY',
];

const hasValue = (env: Env, name: string) => (env[name] ?? '').trim() !== '';

/**
 * The login check's answer. Only `refusal` stops a run before it starts: the CLI would certainly
 * fail. `doubt` is printed as a warning and the first attempt decides (an auth failure is fatal at once).
 */
export interface LoginVerdict {
  readonly refusal?: string;
  readonly doubt?: string;
}

const FIRST_ATTEMPT_DECIDES =
  'samocode goes on, and the first attempt decides (a refused login stops the run at once)';

/** claude settings that can carry a key: an `apiKeyHelper`, or an `env` block that sets an access variable. */
function holdsClaudeAccess(text: string | undefined): boolean {
  if (text === undefined) return false;
  if (/"apiKeyHelper"\s*:/.test(text)) return true;
  return CLAUDE_ACCESS_VARIABLES.some((name) => new RegExp(`"${name}"\\s*:\\s*"[^"]`).test(text));
}

function checkClaudeLogin(env: Env, probe: LoginProbe, projectDir: string | undefined): LoginVerdict {
  // On macOS claude keeps its login in the keychain, which samocode cannot see.
  if (probe.platform === 'darwin') return {};
  if (CLAUDE_ACCESS_VARIABLES.some((variable) => hasValue(env, variable))) return {};
  const configDir = env.CLAUDE_CONFIG_DIR ?? join(probe.home, '.claude');
  if (probe.exists(join(configDir, '.credentials.json'))) return {};
  const settings = [
    join(configDir, 'settings.json'),
    ...(projectDir
      ? [join(projectDir, '.claude', 'settings.json'), join(projectDir, '.claude', 'settings.local.json')]
      : []),
    MANAGED_CLAUDE_SETTINGS,
  ];
  if (settings.some((path) => holdsClaudeAccess(probe.read(path)))) return {};
  const globalConfig = env.CLAUDE_CONFIG_DIR
    ? join(env.CLAUDE_CONFIG_DIR, '.claude.json')
    : join(probe.home, '.claude.json');
  if (/"primaryApiKey"/.test(probe.read(globalConfig) ?? '')) return {};
  if (hasValue(env, 'ANTHROPIC_BASE_URL'))
    return {
      doubt: `claude has no credential samocode can see, but ANTHROPIC_BASE_URL sends it to ${(env.ANTHROPIC_BASE_URL ?? '').slice(0, 200)}, which may need none; ${FIRST_ATTEMPT_DECIDES}`,
    };
  return {
    refusal: `claude is not logged in: no ANTHROPIC_API_KEY or CLAUDE_CODE_OAUTH_TOKEN and no ${join(configDir, '.credentials.json')}; run \`claude\` and /login, or set one of them in the environment or in a .env file next to .samocode`,
  };
}

/** Where an administrator's claude settings live on Linux. */
const MANAGED_CLAUDE_SETTINGS = '/etc/claude-code/managed-settings.json';

/** Providers built into codex that run without a key (local servers). */
const KEYLESS_CODEX_PROVIDERS: ReadonlySet<string> = new Set(['oss', 'ollama', 'lmstudio']);

function checkCodexLogin(env: Env, probe: LoginProbe): LoginVerdict {
  const codexHome = env.CODEX_HOME ?? join(probe.home, '.codex');
  const configPath = join(codexHome, 'config.toml');
  const text = probe.read(configPath);
  const config = text === undefined ? undefined : parseCodexLoginConfig(text);
  const hasOpenaiLogin = hasValue(env, 'CODEX_API_KEY') || probe.exists(join(codexHome, 'auth.json'));
  const providerId = config?.modelProvider ?? 'openai';
  if (providerId !== 'openai') {
    const provider =
      config && Object.hasOwn(config.providers, providerId) ? config.providers[providerId] : undefined;
    if (provider === undefined) {
      if (KEYLESS_CODEX_PROVIDERS.has(providerId) || hasOpenaiLogin) return {};
      return {
        doubt: `codex uses the model provider "${providerId}" (${configPath}), which samocode does not find defined there; ${FIRST_ATTEMPT_DECIDES}`,
      };
    }
    if (provider.envKey !== undefined && !hasValue(env, provider.envKey))
      return {
        refusal: `codex uses the model provider "${providerId}" (${configPath}), which reads its key from ${provider.envKey}, and ${provider.envKey} is not set; set it in the environment or in a .env file next to .samocode`,
      };
    if (provider.requiresOpenaiAuth !== true) return {};
  }
  if (hasOpenaiLogin) return {};
  if (config?.profile !== undefined || config?.openaiBaseUrl !== undefined || config?.isUnclear === true)
    return {
      doubt: `codex has no CODEX_API_KEY and no ${join(codexHome, 'auth.json')}, but ${configPath} sets ${config.profile !== undefined ? `profile "${config.profile}"` : config.openaiBaseUrl !== undefined ? 'openai_base_url' : 'model providers samocode cannot read'}, which may need neither; ${FIRST_ATTEMPT_DECIDES}`,
    };
  return {
    refusal: `codex is not logged in: CODEX_API_KEY is not set and ${join(codexHome, 'auth.json')} does not exist; run \`codex login\`, or set CODEX_API_KEY in the environment or in a .env file next to .samocode (codex exec ignores OPENAI_API_KEY)`,
  };
}

/**
 * Will the CLI find a login? It refuses only when the CLI would certainly fail (no credential
 * variable, file, key helper or provider of its own); a setup it cannot judge (a gateway, a
 * profile, an unknown provider) is a doubt. `projectDir` is where claude's project settings are.
 */
export function checkLogin(
  name: ProviderName,
  env: Env,
  probe: LoginProbe,
  projectDir?: string,
): LoginVerdict {
  return name === 'codex' ? checkCodexLogin(env, probe) : checkClaudeLogin(env, probe, projectDir);
}

/** Returns problems as data; never throws for a bad setup. */
export async function checkProvider(input: PreflightInput): Promise<PreflightResult> {
  const problems: string[] = [];
  const cliPath = await resolveCliPath(input.cli, input.env, input.cwd);
  if (cliPath === undefined) {
    problems.push(
      input.cli.includes('/')
        ? `${input.name} CLI "${input.cli}" is not an executable file; fix the path in the configuration`
        : `${input.name} CLI "${input.cli}" was not found on PATH; install it (npm install -g ${input.name === 'claude' ? '@anthropic-ai/claude-code' : '@openai/codex'}) or set its path in the configuration`,
    );
  }
  const sandbox = checkSandbox(input.name, input.env, input.uid ?? process.getuid?.());
  if (sandbox !== undefined) problems.push(renderSandboxRefusal(sandbox));
  return cliPath === undefined ? { problems } : { cliPath, problems };
}
