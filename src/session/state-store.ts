/** Holds what `_state.json` keeps between writes: the last snapshot, the last history row, sent notifications. */
import type { HistoryRow } from './history.js';
import { readSessionState, type SessionState, writeSessionState } from './snapshot-store.js';

export interface StateStore {
  /** The state found on disk when the store was opened. */
  readonly initial: SessionState | undefined;
  readonly notified: ReadonlySet<string>;
  lastRow(): HistoryRow | undefined;
  /**
   * Writes the snapshot atomically, with the row of the iteration that just ended (if any) and the
   * notification keys sent since the last write (a key is recorded before its notification goes out).
   */
  save(snapshot: unknown, row?: HistoryRow, notified?: readonly string[]): void;
}

export function openStateStore(path: string): StateStore {
  const initial = readSessionState(path);
  const notified = new Set(initial?.notified ?? []);
  let lastRow = initial?.lastRow;
  return {
    initial,
    notified,
    lastRow: () => lastRow,
    save(snapshot, row, keys = []) {
      if (row) lastRow = row;
      for (const key of keys) notified.add(key);
      writeSessionState(path, {
        v: 1,
        snapshot,
        ...(lastRow ? { lastRow } : {}),
        ...(notified.size > 0 ? { notified: [...notified] } : {}),
      });
    },
  };
}
