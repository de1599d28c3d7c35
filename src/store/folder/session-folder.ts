/**
 * One session folder held by the one process that moves it (a run, under its lock or lease): the
 * folder store's commit, done before it returns, so the machine never moves past a transition that
 * is not on disk. `run` writes its session this way; in a team it is the working copy that the
 * PostgreSQL commits are read from.
 */
import { basename } from 'node:path';
import type { SessionState } from '../../session/snapshot-store.js';
import type { Transition } from '../session-store.js';
import { cleanTransition } from '../store-rules.js';
import { commitFolderTransition } from './folder-commit.js';
import { openFolderHistory } from './folder-history.js';

export interface SessionFolder {
  /** The folder's name: the session's id in every store. */
  readonly session: string;
  readonly dir: string;
  /** The state found when the folder was opened (after healing a crash between the state write and the row). */
  readonly initial: SessionState | undefined;
  readonly notified: ReadonlySet<string>;
  /** The `seq` of the last history row. */
  lastSeq(): number;
  /** Writes the transition before it returns (state with the row, then the row, then the rest); a failed write throws. */
  commit(transition: Transition): void;
}

export function openSessionFolder(dir: string): SessionFolder {
  const session = basename(dir);
  const history = openFolderHistory(dir);
  return {
    session,
    dir,
    initial: history.state.initial,
    notified: history.state.notified,
    lastSeq: () => history.lastSeq,
    commit: (transition) => commitFolderTransition(history, session, cleanTransition(session, transition)),
  };
}
