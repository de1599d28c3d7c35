/**
 * Runs the REAL claude / codex binaries against the loopback scripted model server, with the
 * argv samocode builds, in a throw-away HOME. Streams stdout line by line so a test can stop
 * the CLI early (as the provider actor does on a 401).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach } from 'vitest';
import { z } from 'zod';
import {
  codexProviderConfig,
  type ModelScript,
  type ModelServer,
  startModelServer,
} from '../../src/demo/model-server/index.js';
import {
  buildClaudeArgs,
  buildCodexArgs,
  type Classified,
  classifyClaudeRun,
  classifyCodexRun,
  INITIAL_CLAUDE_STREAM,
  INITIAL_CODEX_STREAM,
  type ProcessEnd,
  parseClaudeLine,
  parseCodexLine,
} from '../../src/providers/index.js';

/**
 * The CLIs under test: the pinned devDependencies, or others named by SAMOCODE_CONFORMANCE_CLAUDE /
 * SAMOCODE_CONFORMANCE_CODEX (the latest-CLI tier: scripts/install-latest-clis.sh, then
 * scripts/conformance-latest.sh).
 */
export const CLAUDE_BIN =
  process.env.SAMOCODE_CONFORMANCE_CLAUDE || join(import.meta.dirname, '../../node_modules/.bin/claude');
export const CODEX_BIN =
  process.env.SAMOCODE_CONFORMANCE_CODEX || join(import.meta.dirname, '../../node_modules/.bin/codex');

export interface Sandbox {
  readonly root: string;
  readonly home: string;
  /** The CLI's cwd (a git repo, as a session worktree would be). */
  readonly workDir: string;
  cleanup(): void;
}

export async function makeSandbox(): Promise<Sandbox> {
  const root = mkdtempSync(join(tmpdir(), 'samocode-conf-'));
  const home = join(root, 'home');
  const workDir = join(root, 'work');
  mkdirSync(home);
  mkdirSync(workDir);
  await execa('git', ['init', '-q', workDir]);
  return { root, home, workDir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** The clock the conformance servers report (usage-limit reset times are relative to it). */
export const CONFORMANCE_NOW_MS = 1_795_540_000_000;

/**
 * Opens a scripted model server and a sandbox for each call, and closes both after each test.
 * Call at the top of a test file; use the returned function inside tests.
 */
export function useServerAndSandbox(
  now: (() => number) | 'real-clock' = () => CONFORMANCE_NOW_MS,
): (script: ModelScript) => Promise<{ server: ModelServer; sandbox: Sandbox }> {
  const opened: Array<{ server: ModelServer; sandbox: Sandbox }> = [];
  afterEach(async () => {
    for (const { server, sandbox } of opened.splice(0)) {
      await server.close();
      sandbox.cleanup();
    }
  });
  return async (script) => {
    const pair = {
      server: await startModelServer(now === 'real-clock' ? { script } : { script, now }),
      sandbox: await makeSandbox(),
    };
    opened.push(pair);
    return pair;
  };
}

export interface CliRun {
  readonly exitCode: number | undefined;
  readonly signal: string | undefined;
  readonly stderr: string;
  /** Every stdout line that parsed as a JSON object, in order. */
  readonly events: readonly Record<string, unknown>[];
  /** True when samocode's parser asked for an early stop and the CLI was killed. */
  readonly stoppedEarly: boolean;
  /** samocode's own verdict (the provider classifiers), as the provider actor would reach it. */
  readonly classified: Classified;
}

export interface RunOptions {
  readonly server: ModelServer;
  readonly sandbox: Sandbox;
  readonly prompt: string;
  readonly env?: Readonly<Record<string, string>>;
}

/** samocode's incremental parser and classifier of one provider, bundled. */
interface Reader {
  feed(line: string): void;
  wantsStop(): boolean;
  classify(end: ProcessEnd): Classified;
}

function claudeReader(): Reader {
  let stream = INITIAL_CLAUDE_STREAM;
  return {
    feed: (line) => {
      stream = parseClaudeLine(stream, line);
    },
    wantsStop: () => stream.earlyStop !== undefined,
    classify: (end) => classifyClaudeRun(stream, end),
  };
}

function codexReader(): Reader {
  let stream = INITIAL_CODEX_STREAM;
  return {
    feed: (line) => {
      stream = parseCodexLine(stream, line);
    },
    wantsStop: () => stream.earlyStop !== undefined,
    classify: (end) => classifyCodexRun(stream, end, Date.now()),
  };
}

function baseEnv(sandbox: Sandbox): Record<string, string> {
  return { HOME: sandbox.home, PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'dumb' };
}

const EventSchema = z.record(z.string(), z.unknown());

function parseEvent(line: string): Record<string, unknown> | undefined {
  try {
    const parsed = EventSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

async function runCli(
  file: string,
  args: readonly string[],
  options: RunOptions,
  env: Record<string, string>,
  reader: Reader,
): Promise<CliRun> {
  const startedAt = Date.now();
  const child = execa(file, args, {
    cwd: options.sandbox.workDir,
    env,
    extendEnv: false,
    input: options.prompt,
    reject: false,
    timeout: 110_000,
    forceKillAfterDelay: 2_000,
  });
  const events: Record<string, unknown>[] = [];
  let stoppedEarly = false;
  for await (const line of child.iterable({ from: 'stdout' })) {
    reader.feed(String(line));
    const event = parseEvent(String(line));
    if (event !== undefined) events.push(event);
    if (!stoppedEarly && reader.wantsStop()) {
      stoppedEarly = true;
      child.kill('SIGTERM');
    }
  }
  const result = await child;
  const stderr = String(result.stderr);
  const end: ProcessEnd = {
    exitCode: result.exitCode ?? null,
    signal: result.signal ?? null,
    timedOut: result.timedOut,
    cancelled: false,
    killedEarly: stoppedEarly,
    durationMs: Date.now() - startedAt,
    stdoutTail: '',
    stderrTail: stderr.slice(-4096),
  };
  return {
    exitCode: result.exitCode,
    signal: result.signal,
    stderr,
    events,
    stoppedEarly,
    classified: reader.classify(end),
  };
}

export function runRealClaude(options: RunOptions & { readonly maxTurns?: number }): Promise<CliRun> {
  const env = {
    ...baseEnv(options.sandbox),
    CLAUDE_CONFIG_DIR: join(options.sandbox.home, '.claude'),
    ANTHROPIC_BASE_URL: options.server.baseUrl,
    ANTHROPIC_API_KEY: 'sk-ant-test',
    IS_SANDBOX: '1',
    DISABLE_AUTOUPDATER: '1',
    ...options.env,
  };
  const args = buildClaudeArgs({ model: 'claude-scripted', maxTurns: options.maxTurns ?? 10 });
  return runCli(CLAUDE_BIN, args, options, env, claudeReader());
}

export function runRealCodex(options: RunOptions): Promise<CliRun> {
  const codexHome = join(options.sandbox.home, '.codex');
  mkdirSync(codexHome, { recursive: true });
  writeFileSync(join(codexHome, 'config.toml'), codexProviderConfig(options.server.baseUrl));
  const env = {
    ...baseEnv(options.sandbox),
    CODEX_HOME: codexHome,
    CODEX_API_KEY: 'sk-test',
    ...options.env,
  };
  return runCli(
    CODEX_BIN,
    buildCodexArgs({ model: '' }, options.sandbox.workDir),
    options,
    env,
    codexReader(),
  );
}

/** The last event of a type (claude's `result`, codex's `turn.failed`, …). */
export function lastOfType(
  events: readonly Record<string, unknown>[],
  type: string,
): Record<string, unknown> | undefined {
  return events.filter((event) => event.type === type).at(-1);
}
