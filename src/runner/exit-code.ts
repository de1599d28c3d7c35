/** The exit code is a pure function of the snapshot; `undefined` while the session still moves. */

import { toStateOf } from '../../machines/state-value.js';
import { EXIT } from '../cli/exit-codes.js';

export interface SnapshotLike {
  readonly status: string;
  readonly value: unknown;
}

export function exitCodeOf(snapshot: SnapshotLike): number | undefined {
  if (snapshot.status === 'done') return EXIT.complete;
  const { phase, sub } = toStateOf(snapshot.value);
  if (phase === 'completed') return EXIT.complete;
  switch (sub) {
    case 'awaitingHuman':
    case 'awaitingApproval':
      return EXIT.waiting;
    case 'blocked':
      return EXIT.blocked;
    case 'failed':
      return EXIT.providerFailed;
    default:
      return undefined;
  }
}
