/** The exit code is a lookup on the snapshot's exit tag; `undefined` while the session still moves. */
import { EXIT_CLASSES, type ExitClass, type WorkflowTag } from '../../machines/sub-states.js';
import { EXIT, type ExitCode } from '../cli/exit-codes.js';

/** The process exit code of each way a run can stop in the machine. */
export const EXIT_CODE_OF: Readonly<Record<ExitClass | 'complete', ExitCode>> = {
  complete: EXIT.complete,
  paused: EXIT.complete,
  waiting: EXIT.waiting,
  blocked: EXIT.blocked,
  failed: EXIT.providerFailed,
};

export interface TaggedSnapshot {
  readonly status: string;
  hasTag(tag: WorkflowTag): boolean;
}

export function exitCodeOf(snapshot: TaggedSnapshot): ExitCode | undefined {
  if (snapshot.status === 'done') return EXIT_CODE_OF.complete;
  const exitClass = EXIT_CLASSES.find((candidate) => snapshot.hasTag(`exit.${candidate}`));
  return exitClass === undefined ? undefined : EXIT_CODE_OF[exitClass];
}
