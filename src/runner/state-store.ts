/** Holds what `_state.json` keeps between writes: the last snapshot, the last history row, sent notifications. */
import type { HistoryRow } from '../session/history.js';
import { readSessionState, type SessionState, writeSessionState } from '../session/snapshot-store.js';

export interface StateStore {
  /** The state found on disk when the store was opened. */
  readonly initial: SessionState | undefined;
  readonly notified: ReadonlySet<string>;
  lastRow(): HistoryRow | undefined;
  /** Writes the snapshot (and the row of the iteration that just ended, if any) atomically. */
  save(snapshot: unknown, row?: HistoryRow): void;
  /** Records a notification key before it is sent; written at once when a snapshot is known. */
  addNotified(key: string): void;
}

export function openStateStore(path: string): StateStore {
  const initial = readSessionState(path);
  const notified = new Set(initial?.notified ?? []);
  let lastRow = initial?.lastRow;
  let snapshot: unknown = initial?.snapshot;
  const write = () => {
    if (snapshot === undefined) return;
    writeSessionState(path, {
      v: 1,
      snapshot,
      ...(lastRow ? { lastRow } : {}),
      ...(notified.size > 0 ? { notified: [...notified] } : {}),
    });
  };
  return {
    initial,
    notified,
    lastRow: () => lastRow,
    save(next, row) {
      snapshot = next;
      if (row) lastRow = row;
      write();
    },
    addNotified(key) {
      if (notified.has(key)) return;
      notified.add(key);
      write();
    },
  };
}
