/**
 * Runs the REAL claude / codex binaries against the loopback scripted model server, with the
 * argv samocode builds, in a throw-away HOME. Streams stdout line by line so a test can stop
 * the CLI early (as the provider actor does on a 401).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { z } from 'zod';
import { codexProviderConfig, type ModelServer } from '../../src/demo/model-server/index.js';
import { buildClaudeArgs, buildCodexArgs } from '../../src/providers/index.js';

export const CLAUDE_BIN = join(import.meta.dirname, '../../node_modules/.bin/claude');
export const CODEX_BIN = join(import.meta.dirname, '../../node_modules/.bin/codex');

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

export interface CliRun {
  readonly exitCode: number | undefined;
  readonly signal: string | undefined;
  readonly stderr: string;
  /** Every stdout line that parsed as a JSON object, in order. */
  readonly events: readonly Record<string, unknown>[];
  /** True when `stopWhen` matched and the test killed the CLI. */
  readonly stoppedEarly: boolean;
}

export interface RunOptions {
  readonly server: ModelServer;
  readonly sandbox: Sandbox;
  readonly prompt: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Kill the CLI (SIGTERM) as soon as a stdout event matches. */
  readonly stopWhen?: (event: Record<string, unknown>) => boolean;
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
): Promise<CliRun> {
  const child = execa(file, args, {
    cwd: options.sandbox.workDir,
    env,
    extendEnv: false,
    input: options.prompt,
    reject: false,
    timeout: 55_000,
    forceKillAfterDelay: 2_000,
  });
  const events: Record<string, unknown>[] = [];
  let stoppedEarly = false;
  for await (const line of child.iterable({ from: 'stdout' })) {
    const event = parseEvent(String(line));
    if (event === undefined) continue;
    events.push(event);
    if (!stoppedEarly && options.stopWhen?.(event)) {
      stoppedEarly = true;
      child.kill('SIGTERM');
    }
  }
  const result = await child;
  return {
    exitCode: result.exitCode,
    signal: result.signal,
    stderr: String(result.stderr),
    events,
    stoppedEarly,
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
  return runCli(CLAUDE_BIN, args, options, env);
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
  return runCli(CODEX_BIN, buildCodexArgs({ model: '' }, options.sandbox.workDir), options, env);
}

/** The last event of a type (claude's `result`, codex's `turn.failed`, …). */
export function lastOfType(
  events: readonly Record<string, unknown>[],
  type: string,
): Record<string, unknown> | undefined {
  return events.filter((event) => event.type === type).at(-1);
}
