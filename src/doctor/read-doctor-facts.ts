/** Looks at this machine for `samocode doctor`: the CLI and its version, credentials, git, paths, the log folder, Telegram. */
import { existsSync, mkdtempSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import * as z from 'zod';
import type { Config } from '../config/config.js';
import { loadConfig } from '../config/load-config.js';
import { isSamocodeError } from '../errors.js';
import { resolveLogDir } from '../log/log-dir.js';
import { telegramApiBaseOf } from '../notify/telegram-sender.js';
import { runGit } from '../process/git.js';
import { describeProcessEnd } from '../process/process-result.js';
import { runProcess } from '../process/run-process.js';
import { resolveCliPath } from '../providers/preflight.js';
import type { ProviderName } from '../providers/types.js';
import type {
  CliFact,
  CodexAuthFile,
  ConfigFact,
  CredentialFacts,
  DoctorFacts,
  Env,
  PathFact,
  TelegramFact,
} from './doctor-facts.js';

const PROBE_TIMEOUT_MS = 5_000;
/** A probe that ignores SIGTERM gets this long before SIGKILL. */
const PROBE_KILL_GRACE_MS = 1_000;

export interface DoctorInput {
  readonly configPath?: string;
  readonly env: Env;
  readonly cwd: string;
  readonly uid: number | undefined;
  /** Aborted by Ctrl-C: every probe still running ends at once. */
  readonly signal?: AbortSignal;
}

function readConfigFact(input: DoctorInput): ConfigFact {
  if (input.configPath === undefined) return { kind: 'none' };
  try {
    return {
      kind: 'loaded',
      config: loadConfig({ configPath: input.configPath, env: input.env, cwd: input.cwd, requireCli: false }),
    };
  } catch (error) {
    if (!isSamocodeError(error)) throw error;
    return { kind: 'invalid', path: input.configPath, message: error.message };
  }
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function readVersionLine(
  file: string,
  env: Env,
  signal: AbortSignal | undefined,
): Promise<{ line?: string; error?: string }> {
  const result = await runProcess({
    file,
    args: ['--version'],
    cwd: process.cwd(),
    env: { PATH: env.PATH ?? '' },
    timeoutMs: PROBE_TIMEOUT_MS,
    killGraceMs: PROBE_KILL_GRACE_MS,
    ...(signal ? { signal } : {}),
    capture: true,
  });
  const line = result.stdout.trim().split('\n')[0] ?? '';
  if (result.exitCode === 0 && line !== '') return { line };
  const stderr = result.stderr.trim().slice(0, 200);
  return {
    error: `${file} --version: ${describeProcessEnd(result, PROBE_TIMEOUT_MS)}${stderr === '' ? '' : `: ${stderr}`}`,
  };
}

const CodexAuthSchema = z.looseObject({
  OPENAI_API_KEY: z.string().nullable().optional(),
  tokens: z.unknown().optional(),
});

function readCodexAuth(path: string): CodexAuthFile {
  if (!existsSync(path)) return 'none';
  try {
    const parsed = CodexAuthSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (!parsed.success) return 'unreadable';
    if (parsed.data.OPENAI_API_KEY) return 'api_key';
    return parsed.data.tokens ? 'chatgpt' : 'none';
  } catch {
    return 'unreadable';
  }
}

function readCredentials(env: Env): CredentialFacts {
  const home = env.HOME ?? homedir();
  const claudeLoginPath = join(env.CLAUDE_CONFIG_DIR ?? join(home, '.claude'), '.credentials.json');
  const codexAuthPath = join(env.CODEX_HOME ?? join(home, '.codex'), 'auth.json');
  return {
    claudeLoginPath,
    hasClaudeLogin: existsSync(claudeLoginPath),
    codexAuthPath,
    codexAuth: readCodexAuth(codexAuthPath),
  };
}

/** Why nothing can be created in `dir` (or in its nearest existing parent), or undefined. Leaves nothing behind. */
export function findWriteProblem(dir: string): string | undefined {
  let existing = dir;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  try {
    if (!statSync(existing).isDirectory()) return `${existing} is not a folder`;
    rmdirSync(mkdtempSync(join(existing, '.samocode-doctor-')));
    return undefined;
  } catch (error) {
    return `cannot create files in ${existing} (${message(error)})`;
  }
}

async function readPathFacts(config: Config, signal: AbortSignal | undefined): Promise<PathFact[]> {
  const inside = await runGit(
    config.mainRepo,
    ['rev-parse', '--is-inside-work-tree'],
    signal ? { signal, timeoutMs: PROBE_TIMEOUT_MS } : { timeoutMs: PROBE_TIMEOUT_MS },
  );
  const problemOf = (path: string) => {
    const problem = findWriteProblem(path);
    return problem ? { problem } : {};
  };
  return [
    {
      key: 'MAIN_REPO',
      path: config.mainRepo,
      isGitRepo: inside.exitCode === 0 && inside.stdout.trim() === 'true',
    },
    { key: 'WORKTREES', path: config.worktrees, ...problemOf(config.worktrees) },
    { key: 'SESSIONS', path: config.sessions, ...problemOf(config.sessions) },
  ];
}

async function readTelegram(
  env: Env,
  token: string,
  chatId: string,
  signal: AbortSignal | undefined,
): Promise<TelegramFact> {
  if (!token && !chatId) return { kind: 'not-configured' };
  if (!token) return { kind: 'half-configured', missing: 'TELEGRAM_BOT_TOKEN' };
  if (!chatId) return { kind: 'half-configured', missing: 'TELEGRAM_CHAT_ID' };
  const base = telegramApiBaseOf(env).replace(/\/+$/, '');
  const hide = (text: string) => text.split(token).join('[redacted]');
  try {
    const got = (await import('got')).default;
    const response = await got.get(`${base}/bot${token}/getMe`, {
      timeout: { request: PROBE_TIMEOUT_MS },
      retry: { limit: 0 },
      throwHttpErrors: false,
      ...(signal ? { signal } : {}),
    });
    return response.statusCode === 200
      ? { kind: 'reachable' }
      : {
          kind: 'unreachable',
          reason: hide(`HTTP ${response.statusCode}: ${String(response.body).slice(0, 160)}`),
        };
  } catch (error) {
    return { kind: 'unreachable', reason: hide(message(error)) };
  }
}

function providerOf(value: string | undefined): ProviderName {
  return value === 'codex' ? 'codex' : 'claude';
}

/** The fallback provider as configured, or as the environment names it when there is no config. */
function fallbackOf(loaded: Config | undefined, env: Env, primary: ProviderName): ProviderName | undefined {
  if (loaded) return loaded.fallback?.provider;
  const named = env.SAMOCODE_FALLBACK_PROVIDER?.trim().toLowerCase();
  return (named === 'claude' || named === 'codex') && named !== primary ? named : undefined;
}

/** Where the CLI of `provider` is and what `--version` says. */
async function readCliFact(
  provider: ProviderName,
  loaded: Config | undefined,
  env: Env,
  cwd: string,
  signal: AbortSignal | undefined,
): Promise<CliFact> {
  const setting =
    loaded?.[provider].path ?? (provider === 'claude' ? env.CLAUDE_PATH : env.CODEX_PATH) ?? provider;
  const cliPath = await resolveCliPath(setting, env, cwd);
  const version = cliPath ? await readVersionLine(cliPath, env, signal) : {};
  return {
    setting,
    ...(cliPath ? { path: cliPath } : {}),
    ...('line' in version && version.line ? { versionLine: version.line } : {}),
    ...('error' in version && version.error ? { versionError: version.error } : {}),
  };
}

export async function readDoctorFacts(input: DoctorInput): Promise<DoctorFacts> {
  const config = readConfigFact(input);
  const loaded = config.kind === 'loaded' ? config.config : undefined;
  const env = loaded?.environment ?? input.env;
  const provider = loaded?.provider ?? providerOf(env.SAMOCODE_PROVIDER);
  const fallback = fallbackOf(loaded, env, provider);
  const { signal } = input;
  const git = await readVersionLine('git', env, signal);
  const logDir = resolveLogDir(env, env.HOME ?? homedir());
  const logProblem = findWriteProblem(logDir);
  return {
    config,
    provider,
    cli: await readCliFact(provider, loaded, env, input.cwd, signal),
    ...(fallback
      ? { fallback: { provider: fallback, cli: await readCliFact(fallback, loaded, env, input.cwd, signal) } }
      : {}),
    env,
    uid: input.uid,
    git:
      'line' in git && git.line
        ? { versionLine: git.line }
        : { error: 'error' in git ? git.error : 'no output' },
    credentials: readCredentials(env),
    paths: loaded ? await readPathFacts(loaded, signal) : [],
    logDir: logProblem ? { path: logDir, problem: logProblem } : { path: logDir },
    telegram: await readTelegram(
      env,
      loaded?.telegram.botToken ?? env.TELEGRAM_BOT_TOKEN ?? '',
      loaded?.telegram.chatId ?? env.TELEGRAM_CHAT_ID ?? '',
      signal,
    ),
  };
}
