/**
 * The one place that owns the provider's process tree. The CLI runs in its own process group;
 * on timeout, cancellation or an early stop the whole group gets SIGTERM, a grace period, then
 * SIGKILL; after a normal exit the group is reaped too; on our own exit we kill what we started.
 * (execa's `timeout` kills only the direct child, and its exit cleanup skips detached children.)
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { execa } from 'execa';
import { isRecordedGroupOurs, readGroupRecord, removeGroupRecord, writeGroupRecord } from './group-record.js';
import { createLineSplitter, createTail, type Tail } from './line-splitter.js';
import type { ProcessEnd } from './process-end.js';

export interface SpawnOptions {
  readonly cliPath: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Written to stdin, which is then closed. */
  readonly input: string;
  readonly logFile: string;
  readonly stderrFile: string;
  readonly timeoutMs: number;
  readonly killGraceMs: number;
  readonly signal?: AbortSignal;
  /** Called for every stdout line; returning true stops the run early (the group is killed). */
  readonly onLine?: (line: string) => boolean | undefined;
  /** Where to record the live process group, so a later run can reap it if samocode is killed. */
  readonly groupFile?: string;
}

const POLL_MS = 25;
/** After SIGKILL, how long we wait for the kernel before giving up on a process we cannot see die. */
const KILL_SETTLE_MS = 5_000;
/** After the group is gone, how long a pipe held by an escaped process may keep execa waiting. */
const STREAM_SETTLE_MS = 2_000;

const liveGroups = new Set<number>();
let isExitHookInstalled = false;

function killAllGroupsNow(): void {
  for (const pgid of liveGroups) signalGroup(pgid, 'SIGKILL');
}

function installExitHook(): void {
  if (isExitHookInstalled) return;
  isExitHookInstalled = true;
  process.once('exit', killAllGroupsNow);
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    // ESRCH: the group is already gone, which is what we want.
    if (!(error instanceof Error && 'code' in error && error.code === 'ESRCH')) throw error;
  }
}

/** Members of the group that are not zombies (a zombie is dead; only its parent can reap it). */
async function hasLiveMembers(pgid: number): Promise<boolean> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = await readFile(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[2] === String(pgid) && fields[0] !== 'Z' && fields[0] !== 'X') return true;
  }
  return false;
}

async function waitForGroupDeath(pgid: number, deadlineMs: number): Promise<boolean> {
  for (;;) {
    if (!(await hasLiveMembers(pgid))) return true;
    if (Date.now() >= deadlineMs) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** SIGTERM the group, wait up to `graceMs`, then SIGKILL whatever is left. */
export async function terminateGroup(pgid: number, graceMs: number): Promise<void> {
  if (!(await hasLiveMembers(pgid))) return;
  signalGroup(pgid, 'SIGTERM');
  if (await waitForGroupDeath(pgid, Date.now() + graceMs)) return;
  signalGroup(pgid, 'SIGKILL');
  await waitForGroupDeath(pgid, Date.now() + KILL_SETTLE_MS);
}

function pipeToFile(
  stream: Readable | null,
  file: WriteStream,
  tail: Tail,
  onError: (error: unknown) => void,
  onChunk?: (chunk: Buffer) => void,
): void {
  // A log that cannot be written (a full disk) must neither crash samocode nor stall the CLI.
  let isBroken = false;
  file.on('error', (error) => {
    isBroken = true;
    stream?.resume();
    onError(error);
  });
  if (stream === null) return;
  stream.on('data', (chunk: Buffer) => {
    tail.push(chunk);
    onChunk?.(chunk);
    if (isBroken) return;
    if (!file.write(chunk)) {
      stream.pause();
      file.once('drain', () => stream.resume());
    }
  });
}

async function closeFile(file: WriteStream): Promise<void> {
  if (file.closed) return;
  file.end();
  await once(file, 'close');
}

function notStarted(overrides: Partial<ProcessEnd>): ProcessEnd {
  return {
    exitCode: null,
    signal: null,
    timedOut: false,
    cancelled: false,
    killedEarly: false,
    durationMs: 0,
    stdoutTail: '',
    stderrTail: '',
    ...overrides,
  };
}

/**
 * Runs the CLI once and returns how it ended, as data. Never rejects for a failing CLI.
 *
 * @example
 * const end = await spawnProvider({ cliPath, args, cwd, env, input: prompt, logFile, stderrFile,
 *   timeoutMs: 1_800_000, killGraceMs: 5_000, signal, onLine: (line) => isFatal(line) });
 */
export async function spawnProvider(options: SpawnOptions): Promise<ProcessEnd> {
  if (options.signal?.aborted) return notStarted({ cancelled: true });
  await mkdir(dirname(options.logFile), { recursive: true });
  await mkdir(dirname(options.stderrFile), { recursive: true });
  const stdoutFile = createWriteStream(options.logFile);
  const stderrFile = createWriteStream(options.stderrFile);
  const stdoutTail = createTail();
  const stderrTail = createTail();
  // Durations use the monotonic clock: a wall-clock jump must not make them negative.
  const startedAt = performance.now();
  const elapsedMs = () => Math.round(performance.now() - startedAt);
  installExitHook();

  const child = execa(options.cliPath, [...options.args], {
    cwd: options.cwd,
    env: options.env,
    extendEnv: false,
    input: options.input,
    reject: false,
    detached: true,
    cleanup: true,
    buffer: false,
    stripFinalNewline: false,
  });
  const pid = child.pid;
  if (pid === undefined) {
    const failed = await child;
    await Promise.all([closeFile(stdoutFile), closeFile(stderrFile)]);
    return notStarted({ spawnError: failed.shortMessage, durationMs: elapsedMs() });
  }
  liveGroups.add(pid);
  if (options.groupFile) writeGroupRecord(options.groupFile, pid);
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => {
    child.once('exit', (code, signal) => resolve([code, signal]));
  });

  let stopReason: 'timeout' | 'cancel' | 'early' | undefined;
  let killing: Promise<void> | undefined;
  const stop = (reason: 'timeout' | 'cancel' | 'early'): void => {
    if (killing) return;
    stopReason = reason;
    killing = terminateGroup(pid, options.killGraceMs);
  };

  const splitter = createLineSplitter((line) => {
    if (options.onLine?.(line) === true) stop('early');
  });
  let logWriteError: { code: string; message: string } | undefined;
  const onLogError = (error: unknown): void => {
    logWriteError ??= {
      code: error instanceof Error && 'code' in error ? String(error.code) : 'EIO',
      message: error instanceof Error ? error.message : String(error),
    };
    stop('cancel');
  };
  pipeToFile(child.stdout, stdoutFile, stdoutTail, onLogError, (chunk) => splitter.push(chunk));
  pipeToFile(child.stderr, stderrFile, stderrTail, onLogError);

  const timer = setTimeout(() => stop('timeout'), options.timeoutMs);
  const onAbort = (): void => stop('cancel');
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    const [exitCode, signal] = await exited;
    clearTimeout(timer);
    // Reap what the CLI left behind (background jobs of the agent) unless a kill is already under way.
    await (killing ?? terminateGroup(pid, options.killGraceMs));
    const settled = await Promise.race([
      child.then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), STREAM_SETTLE_MS).unref()),
    ]);
    if (!settled) {
      child.stdout?.destroy();
      child.stderr?.destroy();
      await child;
    }
    splitter.end();
    return {
      exitCode,
      signal,
      timedOut: stopReason === 'timeout',
      cancelled: stopReason === 'cancel',
      killedEarly: stopReason === 'early',
      durationMs: elapsedMs(),
      timeoutMs: options.timeoutMs,
      ...(logWriteError ? { logWriteError } : {}),
      stdoutTail: stdoutTail.text(),
      stderrTail: stderrTail.text(),
    };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    liveGroups.delete(pid);
    if (options.groupFile) removeGroupRecord(options.groupFile);
    await Promise.all([closeFile(stdoutFile), closeFile(stderrFile)]);
  }
}

/** Kills the group a killed samocode left behind (see `group-record.ts`); returns its pgid if it did. */
export async function reapRecordedGroup(groupFile: string, graceMs: number): Promise<number | undefined> {
  const record = readGroupRecord(groupFile);
  removeGroupRecord(groupFile);
  if (!record || !isRecordedGroupOurs(record) || !(await hasLiveMembers(record.pgid))) return undefined;
  await terminateGroup(record.pgid, graceMs);
  return record.pgid;
}
