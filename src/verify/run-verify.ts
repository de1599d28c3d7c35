/**
 * Runs the verify command in the worktree: `/bin/sh -c <command>` through `runProcess`, like a
 * provider (its own group, a time limit that ends the group, anything it leaves running stopped
 * when it exits, a `setsid` daemon too), output appended to a log file as it comes and a bounded,
 * cleaned tail kept for the next prompt.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { ProcessResult } from '../process/process-result.js';
import { runProcess } from '../process/run-process.js';
import type { CleanText } from '../text/clean-text.js';
import { OutputTail } from './output-tail.js';

export interface VerifyRun {
  readonly command: string;
  readonly workDir: string;
  readonly logFile: string;
  readonly timeoutMs: number;
  readonly killGraceMs: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal?: AbortSignal;
  /** Redacts the run's secrets in the tail (default: token shapes only). */
  readonly clean?: CleanText;
  /** Records the command's live group, as the provider's is (see `group-record.ts`). */
  readonly groupFile?: string;
}

export interface VerifyResult {
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  readonly durationMs: number;
  readonly tail: string;
}

/** The last line of the log: how the command ended, and what it left behind. Pure. */
export function describeVerifyEnd(result: ProcessResult, timeoutMs: number): string {
  if (result.startError) return `[not started: ${result.startError.message}]`;
  const how =
    result.exitCode === null ? `killed by ${result.signal ?? 'a signal'}` : `exit ${result.exitCode}`;
  if (result.stopped === 'timeout') return `[${how}, timed out after ${Math.round(timeoutMs / 1000)} s]`;
  if (result.stopped === 'cancel') return `[${how}, stopped: samocode was interrupted]`;
  if (result.outputHeld) return `[${how}; a process it started still held the output, and was stopped]`;
  if (result.leftRunning) return `[${how}; processes it started were still running, and were stopped]`;
  return `[${how}]`;
}

/** What the next prompt is told when the command could not start at all. */
function startFailureNote(result: ProcessResult, workDir: string): string {
  const error = result.startError;
  if (error === undefined) return '';
  return error.missing === 'cwd'
    ? `samocode: could not run the verify command: the worktree ${workDir} no longer exists\n`
    : `samocode: could not start /bin/sh for the verify command: ${error.message}\n`;
}

export async function runVerify(run: VerifyRun): Promise<VerifyResult> {
  const log = createWriteStream(run.logFile, { flags: 'a' });
  // A log that cannot be written (a full disk) must not crash samocode; the tail still tells.
  let logError: Error | undefined;
  log.on('error', (error) => {
    logError ??= error;
  });
  const tail = new OutputTail(run.clean);
  const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  log.write(`$ ${run.command}\n`);
  const result = await runProcess({
    file: '/bin/sh',
    args: ['-c', run.command],
    cwd: run.workDir,
    env: run.env,
    timeoutMs: run.timeoutMs,
    killGraceMs: run.killGraceMs,
    ...(run.signal ? { signal: run.signal } : {}),
    ...(run.groupFile ? { groupFile: run.groupFile } : {}),
    onOutput: (stream, chunk) => {
      tail.push(decoders[stream].write(chunk));
      if (logError !== undefined || log.write(chunk)) return undefined;
      return once(log, 'drain').then(
        () => undefined,
        () => undefined,
      );
    },
  });
  tail.push(decoders.stdout.end() + decoders.stderr.end() + startFailureNote(result, run.workDir));
  if (logError === undefined) {
    log.end(`\n${describeVerifyEnd(result, run.timeoutMs)}\n`);
    await once(log, 'close').catch(() => undefined);
  } else log.destroy();
  return {
    exitCode: result.exitCode,
    timedOut: result.stopped === 'timeout',
    durationMs: result.durationMs,
    tail: tail.read(),
  };
}
