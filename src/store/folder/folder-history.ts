/**
 * A session folder's state and history as one writer sees them: `_state.json` through the state
 * store (the snapshot and the last row), `_signal_history.jsonl` appended after it. The row is
 * recorded in the state first, so a crash between the two writes is healed when the folder is
 * opened again: the recorded row is appended if the history lacks it. This is the one place that
 * heals it.
 */
import { statSync } from 'node:fs';
import {
  appendHistoryRow,
  type HistoryRow,
  isSameRow,
  readHistory,
  readLastRow,
} from '../../session/history.js';
import { buildSessionPaths, type SessionPaths } from '../../session/paths.js';
import { openStateStore, type StateStore } from '../../session/state-store.js';

export interface FolderHistory {
  readonly paths: SessionPaths;
  readonly state: StateStore;
  /** Valid rows in the history file: the last row's `seq`. */
  lastSeq: number;
  /** The history file's size after this writer's last write; another writer changes it. */
  size: number;
}

const sizeOf = (path: string): number => statSync(path, { throwIfNoEntry: false })?.size ?? -1;

/** Same contents (a retried commit), not only the same iteration. */
export const sameRow = (a: HistoryRow | undefined, b: HistoryRow | undefined): boolean =>
  a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b);

/**
 * Appends the row `_state.json` recorded if a crash came between the state write and the append.
 * Reads the history's last row either way, so a history that is not a regular file stops the run now.
 */
function healHistory(paths: SessionPaths, state: StateStore): void {
  const last = readLastRow(paths.history);
  const recorded = state.lastRow();
  if (!recorded || isSameRow(last, recorded)) return;
  if (last && last.time > recorded.time) return;
  appendHistoryRow(paths.history, recorded);
}

export function openFolderHistory(dir: string): FolderHistory {
  const paths = buildSessionPaths(dir);
  const state = openStateStore(paths.state);
  healHistory(paths, state);
  return { paths, state, lastSeq: readHistory(paths.history).rows.length, size: sizeOf(paths.history) };
}

/** True when nobody else wrote the history since this writer's last write. */
export function isCurrent(history: FolderHistory): boolean {
  return sizeOf(history.paths.history) === history.size;
}

/** Saves the snapshot with `row` (when new) and the notification keys in the state, then appends the row. */
export function saveFolderTransition(
  history: FolderHistory,
  snapshot: unknown,
  row: HistoryRow | undefined,
  notified: readonly string[] | undefined,
): void {
  history.state.save(snapshot, row, notified);
  if (row) {
    appendHistoryRow(history.paths.history, row);
    history.lastSeq += 1;
  }
  history.size = sizeOf(history.paths.history);
}

/** The row stored at `seq` when it is the last one (a retried commit), else undefined. */
export function readRowAt(history: FolderHistory, seq: number): HistoryRow | undefined {
  return seq === history.lastSeq ? readLastRow(history.paths.history) : undefined;
}
