/** Reading sessions from PostgreSQL: the listing for `ls`, and one session whole for `status` and the runner. */
import type pg from 'pg';
import * as z from 'zod';
import { JsonObjectSchema } from '../json.js';
import type { SessionRecord, SessionSummary } from '../session-store.js';
import { holderOf } from './pg-lease.js';
import { queryRow, queryRows } from './pg-rows.js';

const SessionRowSchema = z.object({
  name: z.string(),
  settings: JsonObjectSchema.nullable(),
  snapshot: JsonObjectSchema.nullable(),
  overview: z.string().nullable(),
  account: z.string().nullable(),
  last_seq: z.number(),
  worker: z.string().nullable(),
  lease_since: z.date().nullable(),
  lease_expires_at: z.date().nullable(),
  is_live: z.boolean().nullable(),
  updated_at: z.date(),
  notified: z.array(z.string()).nullable(),
});
type SessionRow = z.infer<typeof SessionRowSchema>;
const SummaryRowSchema = SessionRowSchema.extend({ last_row: JsonObjectSchema.nullable() });
const HistoryRowSchema = z.object({ seq: z.number(), row: JsonObjectSchema });
const FileRowSchema = z.object({ path: z.string(), content: z.string() });

const SESSION_COLUMNS = `s.name, s.settings, s.snapshot, s.overview, s.account, s.last_seq, s.worker,
  s.lease_since, s.lease_expires_at, s.lease_expires_at > clock_timestamp() AS is_live, s.updated_at, s.notified`;

/** What `listSessions` and `readSession` share; a lease past its expiry has no holder. */
function headOf(row: SessionRow) {
  const holder = row.is_live === true ? holderOf(row) : undefined;
  return {
    session: row.name,
    ...(row.snapshot ? { snapshot: row.snapshot } : {}),
    ...(row.account === null ? {} : { account: row.account }),
    lastSeq: row.last_seq,
    ...(holder ? { holder } : {}),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function listSessionRows(client: pg.ClientBase, s: string): Promise<SessionSummary[]> {
  const rows = await queryRows(
    client,
    SummaryRowSchema,
    `SELECT ${SESSION_COLUMNS}, h.row AS last_row
       FROM ${s}.sessions s
       LEFT JOIN ${s}.history_rows h ON h.session = s.name AND h.seq = s.last_seq
      ORDER BY s.name`,
  );
  return rows.map((row) => ({
    ...headOf(row),
    ...(row.last_row ? { lastRow: { seq: row.last_seq, row: row.last_row } } : {}),
  }));
}

/** One session; run in a snapshot transaction so the rows, files and head agree. */
export async function readSessionRows(
  client: pg.ClientBase,
  s: string,
  session: string,
  rowCount: number,
): Promise<SessionRecord | undefined> {
  const row = await queryRow(
    client,
    SessionRowSchema,
    `SELECT ${SESSION_COLUMNS} FROM ${s}.sessions s WHERE name = $1`,
    [session],
  );
  if (row === undefined) return undefined;
  const rows = await queryRows(
    client,
    HistoryRowSchema,
    `SELECT seq, row FROM ${s}.history_rows WHERE session = $1 ORDER BY seq DESC LIMIT $2`,
    [session, Math.max(0, rowCount)],
  );
  const files = await queryRows(
    client,
    FileRowSchema,
    `SELECT path, content FROM ${s}.agent_files WHERE session = $1 ORDER BY path`,
    [session],
  );
  return {
    ...headOf(row),
    ...(row.settings ? { settings: row.settings } : {}),
    ...(row.overview === null ? {} : { overview: row.overview }),
    ...(row.notified === null ? {} : { notified: row.notified }),
    rows: rows.reverse(),
    files: Object.fromEntries(files.map((file) => [file.path, file.content])),
  };
}
