/** samocode's last check of a `done`, when it failed: the command, how it ended, where its output is. Pure. */
import { isPassing, type Receipt } from '../../machines/receipt.js';

export interface LastCheck {
  readonly command: string;
  /** The exit code; null when it was killed or could not start. */
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  readonly durationMs: number;
  /** The whole output: `<session>/_logs/<NNN>-verify.log`. */
  readonly logFile: string;
  /** Its last lines. */
  readonly tail: readonly string[];
}

/** Lines of the output's tail a view shows; the log file has all of it. */
export const CHECK_TAIL_LINES = 5;

/** The receipt of a check that failed; a session not complete with a receipt had its last check fail. */
export function lastFailedCheck(receipt: Receipt | undefined): LastCheck | undefined {
  if (receipt === undefined || receipt.command === null || isPassing(receipt)) return undefined;
  const lines = receipt.tail.split('\n').filter((line) => line.trim() !== '');
  return {
    command: receipt.command,
    exitCode: receipt.exitCode,
    timedOut: receipt.timedOut,
    durationMs: receipt.durationMs,
    logFile: receipt.logFile,
    tail: lines.slice(-CHECK_TAIL_LINES),
  };
}

/** `` `npm test` exited 1 ``, `` `npm test` timed out ``, `` `npm test` was killed by a signal ``. */
export function renderCheckResult(check: LastCheck): string {
  if (check.timedOut) return `\`${check.command}\` timed out`;
  return check.exitCode === null
    ? `\`${check.command}\` was killed by a signal or could not start`
    : `\`${check.command}\` exited ${check.exitCode}`;
}

/** `` `npm test` exited 1 after 2.1 s; its output is in /s/x/_logs/007-verify.log ``. */
export function renderCheckFailure(check: LastCheck): string {
  return `${renderCheckResult(check)} after ${(check.durationMs / 1000).toFixed(1)} s; its output is in ${check.logFile}`;
}

/** The plain lines that tell a person about a failed check: the result, where the output is, its last lines. */
export function checkDetails(check: LastCheck | undefined): string[] {
  if (check === undefined) return [];
  return [
    `samocode's last check of the work failed: ${renderCheckFailure(check)}`,
    ...(check.tail.length > 0 ? ['last lines of its output:', ...check.tail.map((line) => `  ${line}`)] : []),
  ];
}
