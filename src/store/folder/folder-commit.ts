/**
 * One transition into a session folder, done before it returns: `_state.json` (the snapshot, with
 * the row and the notification keys), then the row appended to `_signal_history.jsonl`, then the
 * overview, the agent's files and the settings. The row is written as the caller built it (its
 * bytes, its key order), once the history schema has accepted it.
 */
import { join } from 'node:path';
import { SamocodeError } from '../../errors.js';
import { writeFileAtomic } from '../../session/atomic-write.js';
import { type HistoryRow, HistoryRowSchema } from '../../session/history.js';
import type { JsonObject } from '../json.js';
import type { HistoryEntry, Transition } from '../session-store.js';
import { checkRowOrder, rowConflict, SETTINGS_FILE } from '../store-rules.js';
import { writeAgentFiles } from './folder-files.js';
import { type FolderHistory, readRowAt, sameRow, saveFolderTransition } from './folder-history.js';

/** A row the history file can hold: the schema accepts it (the check narrows; nothing is reordered). */
function isHistoryRow(row: JsonObject): row is JsonObject & HistoryRow {
  return HistoryRowSchema.safeParse(row).success;
}

/** The row as written, or `store.row` before a byte is written. */
function checkRow(session: string, entry: HistoryEntry): HistoryRow {
  const { row } = entry;
  if (isHistoryRow(row)) return row;
  const problems = (HistoryRowSchema.safeParse(row).error?.issues ?? [])
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new SamocodeError(
    'store.row',
    `history row ${entry.seq} of ${session} is not a samocode history row (${problems.join('; ')}); this is a bug, please report it`,
  );
}

/** `clean` is validated and cleaned already (`cleanTransition`); a failed write throws. */
export function commitFolderTransition(history: FolderHistory, session: string, clean: Transition): void {
  let row: HistoryRow | undefined;
  if (clean.row) {
    checkRowOrder(session, clean.row.seq, history.lastSeq);
    const checked = checkRow(session, clean.row);
    if (clean.row.seq === history.lastSeq + 1) row = checked;
    else {
      const stored = readRowAt(history, clean.row.seq);
      const parsed = HistoryRowSchema.parse(checked);
      if (stored && !sameRow(stored, parsed)) throw rowConflict(session, clean.row.seq);
    }
  }
  saveFolderTransition(history, clean.snapshot, row, clean.notified);
  if (clean.overview !== undefined)
    writeFileAtomic(history.paths.overview, clean.overview, { durable: false });
  if (clean.files) writeAgentFiles(history.paths.dir, clean.files);
  if (clean.settings)
    writeFileAtomic(join(history.paths.dir, SETTINGS_FILE), `${JSON.stringify(clean.settings, null, 1)}\n`);
}
