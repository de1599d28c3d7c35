/**
 * The one place that owns the provider's process tree. The CLI runs in its own process group, and
 * its environment carries a marker unique to this samocode run, so descendants that leave the
 * group (`setsid`) are found too: those born during the attempt when it ends, any left when we exit. On timeout, cancellation or an early stop the tree gets SIGTERM, a
 * grace period, then SIGKILL; after a normal exit it is reaped too; on our own exit we kill what
 * we started. Node's own `spawn`, not execa: execa cost ~6 ms CPU and ~16 MB per run for set-up
 * this module does not use (its timeout kills only the direct child, its exit cleanup skips
 * detached children).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import {
  clearGroupRecord,
  isRecordedGroupOurs,
  readGroupRecord,
  removeGroupRecord,
  writeGroupRecord,
} from './group-record.js';
import { createLineSplitter, createTail, type Tail } from './line-splitter.js';
import { setLongTimeout } from './long-timer.js';
import type { ProcessEnd } from './process-end.js';
import { RUN_MARKER_VARIABLE } from './process-table.js';
import { killTreesNow, type ProviderTree, type TreeEnd, terminateTree } from './process-tree.js';

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
  /**
   * Where to record the live process group, so a later run can reap it if samocode is killed. Once
   * the tree is dead the file is emptied, not removed (see `clearGroupRecord`).
   */
  readonly groupFile?: string;
  /**
   * Called once the CLI has exited and its tree was reaped, before the pipes and log files are
   * closed: work that must see the tree gone (the worktree mark) can start meanwhile.
   */
  readonly onReaped?: (exit: { readonly exitCode: number | null; readonly stopped: boolean }) => void;
}

/** After the tree is gone, how long a pipe held by an escaped process may keep us waiting. */
const STREAM_SETTLE_MS = 2_000;

const liveTrees = new Set<ProviderTree>();
let isExitHookInstalled = false;
let runMarker: string | undefined;

/** The marker of this samocode process (one run): our pid and 64 random bits. */
export function currentRunMarker(): string {
  runMarker ??= `${process.pid}-${randomBytes(8).toString('hex')}`;
  return runMarker;
}

function installExitHook(): void {
  if (isExitHookInstalled) return;
  isExitHookInstalled = true;
  // A second Ctrl-C exits at once: SIGKILL what is still running (its pid record stays for the
  // next run), and anything marked that the per-attempt look missed, with one full scan.
  process.once('exit', () => {
    const trees = [...liveTrees];
    const markers = new Set(
      [runMarker, ...trees.map((tree) => tree.marker)].filter((marker) => marker !== undefined),
    );
    const groups: ProviderTree[] = trees.map((tree) => (tree.pgid === undefined ? {} : { pgid: tree.pgid }));
    killTreesNow([...groups, ...[...markers].map((marker) => ({ marker }))]);
  });
}

/** A log file opened on its first byte: most CLIs write nothing to stderr, and a new file costs. */
interface LazyFile {
  get(): WriteStream;
  readonly opened: () => WriteStream | undefined;
}

function lazyFile(path: string): LazyFile {
  let file: WriteStream | undefined;
  return {
    get: () => {
      file ??= createWriteStream(path);
      return file;
    },
    opened: () => file,
  };
}

function pipeToFile(
  stream: Readable | null,
  target: LazyFile,
  tail: Tail,
  onError: (error: unknown) => void,
  onChunk?: (chunk: Buffer) => void,
): void {
  // A log that cannot be written (a full disk) must neither crash samocode nor stall the CLI.
  let isBroken = false;
  let file: WriteStream | undefined;
  const open = (): WriteStream => {
    if (file) return file;
    file = target.get();
    file.on('error', (error) => {
      isBroken = true;
      stream?.resume();
      onError(error);
    });
    return file;
  };
  // An already opened file (the stdout log) reports a failed open even if no byte ever comes.
  if (target.opened()) open();
  if (stream === null) return;
  stream.on('data', (chunk: Buffer) => {
    tail.push(chunk);
    onChunk?.(chunk);
    if (isBroken) return;
    const out = open();
    if (!out.write(chunk)) {
      stream.pause();
      out.once('drain', () => stream.resume());
    }
  });
}

async function closeFile(target: LazyFile): Promise<void> {
  const file = target.opened();
  if (file === undefined || file.closed) return;
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

interface StartedChild {
  readonly child: ChildProcess;
  readonly pid: number;
  /** 'close': the process has exited and both pipes have ended. */
  readonly closed: Promise<void>;
}

/**
 * Starts the CLI as the leader of its own process group, the prompt on stdin. A CLI that cannot
 * start (ENOENT, EACCES, a bad argument) comes back as `spawnError`, never as a throw.
 */
async function startChild(
  options: SpawnOptions,
  marker: string,
): Promise<StartedChild | { spawnError: string }> {
  let child: ChildProcess;
  try {
    child = spawn(options.cliPath, [...options.args], {
      cwd: options.cwd,
      env: { ...options.env, [RUN_MARKER_VARIABLE]: marker },
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (error) {
    return { spawnError: `${options.cliPath}: ${error instanceof Error ? error.message : String(error)}` };
  }
  const failed = new Promise<string>((resolve) => child.once('error', (error) => resolve(error.message)));
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const pid = child.pid;
  if (pid === undefined) {
    const spawnError = await failed;
    await closed;
    return { spawnError };
  }
  // A CLI that exits without reading its stdin makes the write fail (EPIPE): its exit tells the story.
  child.stdin?.on('error', () => undefined);
  child.stdin?.end(options.input);
  return { child, pid, closed };
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
  mkdirSync(dirname(options.logFile), { recursive: true });
  mkdirSync(dirname(options.stderrFile), { recursive: true });
  // The stdout log exists from the start (its path is in every report); the stderr log only once
  // the CLI writes to stderr.
  const stdoutFile = lazyFile(options.logFile);
  stdoutFile.get();
  const stderrFile = lazyFile(options.stderrFile);
  const stdoutTail = createTail();
  const stderrTail = createTail();
  // Durations use the monotonic clock: a wall-clock jump must not make them negative.
  const startedAt = performance.now();
  const elapsedMs = () => Math.round(performance.now() - startedAt);
  installExitHook();

  const marker = currentRunMarker();
  const started = await startChild(options, marker);
  if ('spawnError' in started) {
    await Promise.all([closeFile(stdoutFile), closeFile(stderrFile)]);
    return notStarted({ spawnError: started.spawnError, durationMs: elapsedMs() });
  }
  const { child, pid, closed } = started;
  const tree: ProviderTree = { pgid: pid, marker, sincePid: pid };
  liveTrees.add(tree);
  if (options.groupFile) writeGroupRecord(options.groupFile, pid, marker);
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => {
    child.once('exit', (code, signal) => resolve([code, signal]));
  });

  let stopReason: 'timeout' | 'cancel' | 'early' | undefined;
  let killing: Promise<TreeEnd> | undefined;
  const stop = (reason: 'timeout' | 'cancel' | 'early'): void => {
    if (killing) return;
    stopReason = reason;
    killing = terminateTree(tree, options.killGraceMs);
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

  const timer = setLongTimeout(() => stop('timeout'), options.timeoutMs);
  const onAbort = (): void => stop('cancel');
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  let isTreeGone = false;
  try {
    const [exitCode, signal] = await exited;
    timer.clear();
    // Reap what the CLI left behind (background jobs, daemons of the agent) unless a kill is already under way.
    killing ??= terminateTree(tree, options.killGraceMs);
    isTreeGone = (await killing) !== 'stuck';
    options.onReaped?.({ exitCode, stopped: stopReason !== undefined });
    const settled = await Promise.race([
      closed.then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), STREAM_SETTLE_MS).unref()),
    ]);
    if (!settled) {
      child.stdout?.destroy();
      child.stderr?.destroy();
      await closed;
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
    timer.clear();
    options.signal?.removeEventListener('abort', onAbort);
    // A tree not seen dead stays recorded (and is SIGKILLed on our exit), so the next run reaps it.
    if (isTreeGone) {
      liveTrees.delete(tree);
      if (options.groupFile) clearGroupRecord(options.groupFile);
    }
    await Promise.all([closeFile(stdoutFile), closeFile(stderrFile)]);
  }
}

/**
 * Kills the tree a killed samocode left behind (see `group-record.ts`); returns its pgid if
 * anything of it was alive. The record goes only once the tree is seen dead, so a run killed
 * while reaping leaves it for the next one.
 */
export async function reapRecordedGroup(groupFile: string, graceMs: number): Promise<number | undefined> {
  const record = readGroupRecord(groupFile);
  if (!record) {
    removeGroupRecord(groupFile);
    return undefined;
  }
  // A live leader with another start time means the pid was reused, so that group is not ours;
  // the marker is unique to that run, so marked processes still are (all of them: a full scan).
  const tree: ProviderTree = {
    ...(isRecordedGroupOurs(record) ? { pgid: record.pgid } : {}),
    ...(record.marker ? { marker: record.marker } : {}),
  };
  // Killed while reaping (a double Ctrl-C), we still SIGKILL it on exit, and the record stays.
  installExitHook();
  liveTrees.add(tree);
  const end = await terminateTree(tree, graceMs);
  liveTrees.delete(tree);
  if (end !== 'stuck') removeGroupRecord(groupFile);
  return end === 'none' ? undefined : record.pgid;
}
