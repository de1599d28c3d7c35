/** How a child process ended, as data: what `runProcess` returns and the classifiers read. */

/** Why samocode ended the child's group: its time limit, a cancellation, or the caller asked. */
export type StopReason = 'timeout' | 'cancel' | 'early';

/** Why a child could not start at all. */
export interface StartError {
  /** The system's code: `ENOENT`, `EACCES`, `EINVAL` (an argument node refuses) … */
  readonly code: string;
  readonly message: string;
  /** The program and the working folder it was asked to start in. */
  readonly file: string;
  readonly cwd: string;
  /** What ENOENT was about: the working folder, or the program's file (absent: neither is gone). */
  readonly missing?: 'cwd' | 'program';
}

export interface ProcessResult {
  /** null when killed by a signal or when it never started. */
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** Set when samocode ended the group. */
  readonly stopped?: StopReason;
  readonly startError?: StartError;
  readonly durationMs: number;
  /** The output as text, with `capture` (else empty). */
  readonly stdout: string;
  readonly stderr: string;
  /** It exited by itself while processes it started still ran; samocode stopped them. */
  readonly leftRunning: boolean;
  /** Its output was still open when it exited, and processes it started were running: they held it. */
  readonly outputHeld: boolean;
  /** Everything it started was seen dead (false: something could not be killed; its record stays). */
  readonly treeGone: boolean;
}

/** The result of a child that never started. */
export function notStarted(overrides: Partial<ProcessResult>): ProcessResult {
  return {
    exitCode: null,
    signal: null,
    durationMs: 0,
    stdout: '',
    stderr: '',
    leftRunning: false,
    outputHeld: false,
    treeGone: true,
    ...overrides,
  };
}

/**
 * One short phrase for how it ended: `exit 3`, `killed by SIGKILL`, `timed out after 5 s`,
 * `interrupted`, `could not start (ENOENT: …)`. Pure.
 */
export function describeProcessEnd(result: ProcessResult, timeoutMs?: number): string {
  if (result.startError) return `could not start (${result.startError.message})`;
  if (result.stopped === 'timeout')
    return timeoutMs === undefined ? 'timed out' : `timed out after ${Math.round(timeoutMs / 1000)} s`;
  if (result.stopped === 'cancel') return 'interrupted';
  if (result.exitCode !== null) return `exit ${result.exitCode}`;
  return `killed by ${result.signal ?? 'a signal'}`;
}
