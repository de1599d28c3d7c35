/**
 * One provider attempt as a process: the CLI started through `startProcess` (its own group, its
 * marker, a time limit that ends the group, reaped after exit, killed on our exit), the prompt on
 * stdin, stdout streamed to the attempt's log and split into lines, stderr to a log made on its
 * first byte, and the last KiB of each kept for messages.
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { OutputStream, RunningProcess } from '../process/run-process.js';
import { startProcess } from '../process/run-process.js';
import { createLineSplitter, createTail } from './line-splitter.js';
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

/** A log file opened on its first byte; a write it cannot take (a full disk) is reported once. */
interface LogSink {
  write(chunk: Buffer): undefined | Promise<void>;
  close(): Promise<void>;
}

function openLogSink(path: string, onError: (error: unknown) => void, isEager = false): LogSink {
  let file: WriteStream | undefined;
  let isBroken = false;
  const open = (): WriteStream => {
    if (file) return file;
    file = createWriteStream(path);
    file.on('error', (error) => {
      isBroken = true;
      onError(error);
    });
    return file;
  };
  // The stdout log exists from the start (its path is in every report).
  if (isEager) open();
  return {
    write(chunk) {
      if (isBroken) return undefined;
      const out = open();
      // Backpressure: the CLI's pipe waits while the disk is slower than the CLI.
      // (A write error rejects the wait: the stream resumes and later chunks are dropped.)
      return out.write(chunk)
        ? undefined
        : once(out, 'drain').then(
            () => undefined,
            () => undefined,
          );
    },
    async close() {
      if (file === undefined || file.closed) return;
      file.end();
      if (!isBroken) await once(file, 'close').catch(() => undefined);
    },
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
  mkdirSync(dirname(options.logFile), { recursive: true });
  mkdirSync(dirname(options.stderrFile), { recursive: true });
  const tails = { stdout: createTail(), stderr: createTail() };
  let logWriteError: { code: string; message: string } | undefined;
  let running: RunningProcess | undefined;
  const onLogError = (error: unknown): void => {
    logWriteError ??= {
      code: error instanceof Error && 'code' in error ? String(error.code) : 'EIO',
      message: error instanceof Error ? error.message : String(error),
    };
    running?.stop('cancel');
  };
  const sinks = {
    stdout: openLogSink(options.logFile, onLogError, true),
    stderr: openLogSink(options.stderrFile, onLogError),
  };
  const splitter = createLineSplitter((line) => {
    if (options.onLine?.(line) === true) running?.stop('early');
  });
  const onOutput = (stream: OutputStream, chunk: Buffer) => {
    tails[stream].push(chunk);
    if (stream === 'stdout') splitter.push(chunk);
    return sinks[stream].write(chunk);
  };
  try {
    running = startProcess({
      file: options.cliPath,
      args: options.args,
      cwd: options.cwd,
      env: options.env,
      input: options.input,
      timeoutMs: options.timeoutMs,
      killGraceMs: options.killGraceMs,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.groupFile ? { groupFile: options.groupFile } : {}),
      ...(options.onReaped ? { onReaped: options.onReaped } : {}),
      onOutput,
    });
    const result = await running.result;
    splitter.end();
    if (result.startError)
      return notStarted({ startError: result.startError, durationMs: result.durationMs });
    return {
      exitCode: result.exitCode,
      signal: result.signal,
      timedOut: result.stopped === 'timeout',
      cancelled: result.stopped === 'cancel',
      killedEarly: result.stopped === 'early',
      durationMs: result.durationMs,
      timeoutMs: options.timeoutMs,
      ...(logWriteError ? { logWriteError } : {}),
      stdoutTail: tails.stdout.text(),
      stderrTail: tails.stderr.text(),
    };
  } finally {
    await Promise.all([sinks.stdout.close(), sinks.stderr.close()]);
  }
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
