/**
 * The sessions of a shared store (`SAMOCODE_STORE`) as `ls` reads them, from any machine: each
 * record made into what its session folder would hold, so one summary serves both stores. The
 * lease stands in for the run lock: a live lease is a running session, named by its worker.
 * Never throws on a record it cannot read: the problem goes on the session's line.
 */
import { join } from 'node:path';
import { RecordedSettingsSchema } from '../config/recorded-settings.js';
import { type HistoryRow, HistoryRowSchema } from '../session/history.js';
import { SessionStateSchema } from '../session/snapshot-store.js';
import { isLeaseLive } from '../store/live-lease.js';
import type { SessionRecord, SessionStore } from '../store/session-store.js';
import type { SessionFiles } from './read-session-files.js';

/** As many rows as `ls` sums (spend, iterations); a longer history is summed from its last rows. */
const ROWS_READ = 10_000;

function toRows(record: SessionRecord): { rows: HistoryRow[]; skipped: number } {
  const rows: HistoryRow[] = [];
  for (const entry of record.rows) {
    const parsed = HistoryRowSchema.safeParse(entry.row);
    if (parsed.success) rows.push(parsed.data);
  }
  return { rows, skipped: record.rows.length - rows.length };
}

function toState(
  record: SessionRecord,
  lastRow: HistoryRow | undefined,
): Pick<SessionFiles, 'state' | 'stateProblem'> {
  if (record.snapshot === undefined) return { state: undefined };
  const parsed = SessionStateSchema.safeParse({
    v: 1,
    snapshot: record.snapshot,
    ...(lastRow ? { lastRow } : {}),
    ...(record.notified ? { notified: record.notified } : {}),
  });
  if (parsed.success) return { state: parsed.data };
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || 'record'}: ${issue.message}`,
  );
  return {
    state: undefined,
    stateProblem: `the store's snapshot of ${record.session} is not valid: ${problems.join('; ')}`,
  };
}

function toSettings(record: SessionRecord): Pick<SessionFiles, 'settings' | 'settingsProblem'> {
  if (record.settings === undefined) return {};
  const parsed = RecordedSettingsSchema.safeParse(record.settings);
  return parsed.success
    ? { settings: parsed.data }
    : { settingsProblem: `the store's settings of ${record.session} are not valid: ${parsed.error.message}` };
}

export function toSessionFiles(record: SessionRecord, sessionsDir: string, now: number): SessionFiles {
  const { rows, skipped } = toRows(record);
  const isLive = isLeaseLive(record.holder, now);
  const changedAt = record.updatedAt === undefined ? 0 : Date.parse(record.updatedAt);
  return {
    folder: record.session,
    dir: join(sessionsDir, record.session),
    ...toState(record, rows.at(-1)),
    rows,
    corruptHistoryLines: skipped,
    lock: { isLive },
    ...(isLive && record.holder ? { heldBy: record.holder.worker } : {}),
    ...toSettings(record),
    changedAtMs: Number.isNaN(changedAt) ? 0 : changedAt,
  };
}

/** One stored session as `ls` reads it, with its record (the dashboard shows its agent files). */
export async function readStoredSession(
  store: SessionStore,
  session: string,
  sessionsDir: string,
  now: number,
): Promise<{ files: SessionFiles; record: SessionRecord } | undefined> {
  const record = await store.readSession(session, { rows: ROWS_READ });
  return record ? { files: toSessionFiles(record, sessionsDir, now), record } : undefined;
}

export async function readStoredFleet(
  store: SessionStore,
  sessionsDir: string,
  now: number,
): Promise<SessionFiles[]> {
  const fleet: SessionFiles[] = [];
  for (const summary of await store.listSessions()) {
    const read = await readStoredSession(store, summary.session, sessionsDir, now);
    if (read) fleet.push(read.files);
  }
  return fleet;
}
