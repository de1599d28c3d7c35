/** How the provider process ended, as data for the classifiers (execa's result, reduced). */
import type { StartError } from '../process/process-result.js';

export interface ProcessEnd {
  /** null when killed by a signal or when it never started. */
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly cancelled: boolean;
  /** The parser asked us to stop (e.g. claude retrying a 401). */
  readonly killedEarly: boolean;
  /** The CLI could not be started at all (ENOENT, EACCES, its working folder gone). */
  readonly startError?: StartError;
  readonly durationMs: number;
  /** The configured time limit, for the timeout message (the measured time includes the kill grace). */
  readonly timeoutMs?: number;
  /** Writing the output to the log files failed (a full disk); the group was stopped. */
  readonly logWriteError?: { readonly code: string; readonly message: string };
  /** The last few KiB of stdout and stderr, for messages. */
  readonly stdoutTail: string;
  readonly stderrTail: string;
}
