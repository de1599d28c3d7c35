/**
 * A session of a shared store made into a session folder on this machine, for the agent to work
 * in: its history, `_state.json` (the snapshot, the last row, the notification keys), the overview,
 * the settings and the agent's files, as the store holds them. What only this machine has stays:
 * the provider logs (`_logs/`), `session.log`, the record of a provider group left by a killed run.
 * Also the way back (`store export`): the same writes, from any store's record.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../session/atomic-write.js';
import { type HistoryRow, HistoryRowSchema } from '../../session/history.js';
import { SESSION_FILES } from '../../session/paths.js';
import { writeSessionState } from '../../session/snapshot-store.js';
import { cleanDeep } from '../../text/clean-text.js';
import type { JsonObject } from '../json.js';
import type { SessionRecord } from '../session-store.js';
import { validateAgentFiles } from '../store-rules.js';
import { readAgentFiles, writeAgentFiles } from './folder-files.js';

/** What the folder was made from: the baseline that the first commit back is compared with. */
export interface CopiedSession {
  readonly overview?: string;
  readonly settings?: JsonObject;
  readonly files: Readonly<Record<string, string>>;
}

/** `record` must hold every history row (read with `rows` ≥ its `lastSeq`). */
export function writeWorkingCopy(dir: string, record: SessionRecord): CopiedSession {
  // The store checked each path on commit; a row changed in the database by hand is checked here.
  validateAgentFiles(record.files);
  mkdirSync(dir, { recursive: true });
  const rows = record.rows.map((entry) => entry.row);
  const lines = rows.map((row) => `${JSON.stringify(cleanDeep(row))}\n`).join('');
  // History first, state after: the state's last row is then in the history, so nothing is healed.
  writeFileAtomic(join(dir, SESSION_FILES.history), lines);
  if (record.snapshot) {
    const last = HistoryRowSchema.safeParse(rows.at(-1));
    const lastRow: HistoryRow | undefined = last.success ? last.data : undefined;
    writeSessionState(join(dir, SESSION_FILES.state), {
      v: 1,
      snapshot: record.snapshot,
      ...(lastRow ? { lastRow } : {}),
      ...(record.notified && record.notified.length > 0 ? { notified: record.notified } : {}),
    });
  } else rmSync(join(dir, SESSION_FILES.state), { force: true });
  replaceFile(join(dir, SESSION_FILES.overview), record.overview);
  replaceFile(
    join(dir, SESSION_FILES.settings),
    record.settings ? `${JSON.stringify(record.settings, null, 1)}\n` : undefined,
  );
  // An agent file this folder has and the store does not was removed by a run elsewhere.
  const stale = Object.keys(readAgentFiles(dir)).filter((path) => !(path in record.files));
  writeAgentFiles(dir, { ...Object.fromEntries(stale.map((path) => [path, null])), ...record.files });
  // A signal left by an attempt here that the store never recorded is not the session's.
  rmSync(join(dir, SESSION_FILES.signal), { force: true });
  return {
    ...(record.overview === undefined ? {} : { overview: record.overview }),
    ...(record.settings ? { settings: record.settings } : {}),
    files: record.files,
  };
}

function replaceFile(path: string, text: string | undefined): void {
  if (text === undefined) {
    if (existsSync(path)) rmSync(path);
    return;
  }
  writeFileAtomic(path, text);
}
