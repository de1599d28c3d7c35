/** Checks before the first attempt: is the CLI there, and will it refuse to run as we ask? */
import { constants, existsSync, readFileSync } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
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
 * Is the CLI logged in? Only a clear "no" is a problem: no credential variable, no credentials
 * file, no API key helper. On macOS claude keeps its login in the keychain, which we cannot see,
 * so claude is not checked there.
 */
export function checkLogin(name: ProviderName, env: Env, probe: LoginProbe): string | undefined {
  if (name === 'codex') {
    if (hasValue(env, 'CODEX_API_KEY')) return undefined;
    const codexHome = env.CODEX_HOME ?? join(probe.home, '.codex');
    if (probe.exists(join(codexHome, 'auth.json'))) return undefined;
    return `codex is not logged in: CODEX_API_KEY is not set and ${join(codexHome, 'auth.json')} does not exist; run \`codex login\`, or set CODEX_API_KEY in the environment or in a .env file next to .samocode (codex exec ignores OPENAI_API_KEY)`;
  }
  if (probe.platform === 'darwin') return undefined;
  if (CLAUDE_ACCESS_VARIABLES.some((variable) => hasValue(env, variable))) return undefined;
  const configDir = env.CLAUDE_CONFIG_DIR ?? join(probe.home, '.claude');
  if (probe.exists(join(configDir, '.credentials.json'))) return undefined;
  if (/"apiKeyHelper"/.test(probe.read(join(configDir, 'settings.json')) ?? '')) return undefined;
  const globalConfig = env.CLAUDE_CONFIG_DIR
    ? join(env.CLAUDE_CONFIG_DIR, '.claude.json')
    : join(probe.home, '.claude.json');
  if (/"primaryApiKey"/.test(probe.read(globalConfig) ?? '')) return undefined;
  return `claude is not logged in: no ANTHROPIC_API_KEY or CLAUDE_CODE_OAUTH_TOKEN and no ${join(configDir, '.credentials.json')}; run \`claude\` and /login, or set one of them in the environment or in a .env file next to .samocode`;
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
