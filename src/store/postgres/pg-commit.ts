/**
 * One transition into PostgreSQL, inside the caller's transaction and under the session row's
 * lock: the lease checked (when given), the history row written or, on a retry, compared with the
 * stored one, the session row updated, the agent files written or removed.
 */
import type pg from 'pg';
import * as z from 'zod';
import type { Transition } from '../session-store.js';
import { checkRowOrder, leaseLost, rowConflict } from '../store-rules.js';
import { lockIfHeld } from './pg-lease.js';
import { queryRow } from './pg-rows.js';

const SeqSchema = z.object({ last_seq: z.number() });
const SameSchema = z.object({ is_same: z.boolean() });
const json = (value: unknown): string => JSON.stringify(value);

/** Writes the row after `lastSeq`, or checks that a retried one matches what is stored; the new last seq. */
async function writeRow(
  client: pg.ClientBase,
  s: string,
  session: string,
  row: NonNullable<Transition['row']>,
  lastSeq: number,
): Promise<number> {
  checkRowOrder(session, row.seq, lastSeq);
  if (row.seq === lastSeq + 1) {
    await client.query(`INSERT INTO ${s}.history_rows (session, seq, row) VALUES ($1, $2, $3::jsonb)`, [
      session,
      row.seq,
      json(row.row),
    ]);
    return row.seq;
  }
  const stored = await queryRow(
    client,
    SameSchema,
    `SELECT row = $3::jsonb AS is_same FROM ${s}.history_rows WHERE session = $1 AND seq = $2`,
    [session, row.seq, json(row.row)],
  );
  if (stored?.is_same !== true) throw rowConflict(session, row.seq);
  return lastSeq;
}

async function writeFiles(
  client: pg.ClientBase,
  s: string,
  session: string,
  files: Readonly<Record<string, string | null>>,
): Promise<void> {
  const entries = Object.entries(files);
  const written = entries.filter((entry): entry is [string, string] => entry[1] !== null);
  const removed = entries.filter(([, text]) => text === null).map(([path]) => path);
  if (written.length > 0) {
    await client.query(
      `INSERT INTO ${s}.agent_files (session, path, content)
       SELECT $1, path, content FROM unnest($2::text[], $3::text[]) AS f (path, content)
       ON CONFLICT (session, path) DO UPDATE SET content = EXCLUDED.content, updated_at = clock_timestamp()`,
      [session, written.map(([path]) => path), written.map(([, text]) => text)],
    );
  }
  if (removed.length > 0)
    await client.query(`DELETE FROM ${s}.agent_files WHERE session = $1 AND path = ANY($2::text[])`, [
      session,
      removed,
    ]);
}

/** `clean` is validated and cleaned already (`cleanTransition`). */
export async function commitInTransaction(
  client: pg.ClientBase,
  s: string,
  session: string,
  clean: Transition,
): Promise<void> {
  if (clean.lease) {
    const fence = await lockIfHeld(client, s, clean.lease);
    if (!fence.isHeld) throw leaseLost(session, clean.lease.worker, fence.holder?.worker);
  } else {
    await client.query(`INSERT INTO ${s}.sessions (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [
      session,
    ]);
  }
  const current = await queryRow(
    client,
    SeqSchema,
    `SELECT last_seq FROM ${s}.sessions WHERE name = $1 FOR UPDATE`,
    [session],
  );
  const stored = current?.last_seq ?? 0;
  const lastSeq = clean.row ? await writeRow(client, s, session, clean.row, stored) : stored;
  // The notification keys are a set: the new ones are added (a retried commit adds nothing).
  await client.query(
    `UPDATE ${s}.sessions
        SET snapshot = $2::jsonb, overview = COALESCE($3, overview), settings = COALESCE($4::jsonb, settings),
            last_seq = $5, updated_at = clock_timestamp(),
            notified = COALESCE(
              (SELECT jsonb_agg(DISTINCT key ORDER BY key)
                 FROM jsonb_array_elements_text(COALESCE(notified, '[]'::jsonb) || $6::jsonb) AS key),
              notified)
      WHERE name = $1`,
    [
      session,
      json(clean.snapshot),
      clean.overview ?? null,
      clean.settings ? json(clean.settings) : null,
      lastSeq,
      clean.notified && clean.notified.length > 0 ? json(clean.notified) : null,
    ],
  );
  if (clean.files) await writeFiles(client, s, session, clean.files);
}
