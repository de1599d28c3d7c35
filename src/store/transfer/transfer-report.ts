/** What `store import` and `store export` print: a line per session, a total, and the exit code. Pure. */
import { EXIT, type ExitCode } from '../../exit-codes.js';
import type { TransferOutcome } from './transfer-session.js';

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** `where` names the target: "the store", "the session folder". */
export function renderTransferLine(outcome: TransferOutcome, where: string): string {
  switch (outcome.kind) {
    case 'copied':
      return `${outcome.session}: copied, ${plural(outcome.rows, 'row')}${outcome.newRows === outcome.rows ? '' : ` (${outcome.newRows} new)`}`;
    case 'same':
      return `${outcome.session}: already in ${where}, ${plural(outcome.rows, 'row')}`;
    default:
      return `${outcome.session}: ${outcome.kind}: ${outcome.reason}`;
  }
}

export function renderTransferTotal(outcomes: readonly TransferOutcome[], where: string): string {
  const count = (kind: TransferOutcome['kind']) => outcomes.filter((outcome) => outcome.kind === kind).length;
  if (outcomes.length === 0) return 'no sessions to copy';
  const parts = [
    `${count('copied')} copied`,
    `${count('same')} already in ${where}`,
    ...(['refused', 'skipped', 'failed'] as const)
      .filter((kind) => count(kind) > 0)
      .map((kind) => `${count(kind)} ${kind}`),
  ];
  return `${plural(outcomes.length, 'session')}: ${parts.join(', ')}`;
}

/** 0 when every session is copied or was there already; 1 when any was refused, skipped or failed. */
export function toTransferExit(outcomes: readonly TransferOutcome[]): ExitCode {
  return outcomes.every((outcome) => outcome.kind === 'copied' || outcome.kind === 'same')
    ? EXIT.complete
    : EXIT.internalError;
}
