/**
 * The session store in PostgreSQL: one row per session (settings, snapshot, overview, account,
 * lease), its history rows (unique per session and `seq`), its agent files and the gates'
 * decisions. A transition is one transaction under the session row's lock; every write is safe to
 * run twice, since `PgDatabase` runs an operation again after a lost connection.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import * as z from 'zod';
import { type JsonObject, JsonObjectSchema } from '../json.js';
import type {
  DecisionResult,
  Lease,
  LeaseResult,
  ReadOptions,
  SessionRecord,
  SessionStore,
  SessionSummary,
  Transition,
} from '../session-store.js';
import {
  checkRowOrder,
  cleanRecord,
  cleanTransition,
  leaseLost,
  rowConflict,
  sessionOfGate,
  validateSessionId,
} from '../store-rules.js';
import { quoteSchema } from './migrate.js';
import type { PgDatabase } from './pg-database.js';
import { holderOf, lockIfHeld, releaseLease, renewLease, takeLease } from './pg-lease.js';
import { queryRow, queryRows } from './pg-rows.js';

const DEFAULT_ROWS = 20;

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
});
type SessionRow = z.infer<typeof SessionRowSchema>;
const SummaryRowSchema = SessionRowSchema.extend({ last_row: JsonObjectSchema.nullable() });
const HistoryRowSchema = z.object({ seq: z.number(), row: JsonObjectSchema });
const FileRowSchema = z.object({ path: z.string(), content: z.string() });
const DecisionRowSchema = z.object({ decision: JsonObjectSchema, writer: z.string(), decided_at: z.date() });
const SeqSchema = z.object({ last_seq: z.number() });
const SameSchema = z.object({ is_same: z.boolean() });

const SESSION_COLUMNS = `s.name, s.settings, s.snapshot, s.overview, s.account, s.last_seq, s.worker,
  s.lease_since, s.lease_expires_at, s.lease_expires_at > clock_timestamp() AS is_live, s.updated_at`;

/** The head of a session record: what `listSessions` and `readSession` share. */
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

const json = (value: unknown): string => JSON.stringify(value);

/** Writes the history row of a transition, or checks that a retried one matches what is stored. */
async function writeRow(
  client: pg.PoolClient,
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
  client: pg.PoolClient,
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
  if (removed.length > 0) {
    await client.query(`DELETE FROM ${s}.agent_files WHERE session = $1 AND path = ANY($2::text[])`, [
      session,
      removed,
    ]);
  }
}

export interface PostgresStoreOptions {
  /** The PostgreSQL schema of samocode's tables (default `samocode`); migrated by `migrateStore`. */
  readonly schema?: string;
}

export function createPostgresStore(db: PgDatabase, options: PostgresStoreOptions = {}): SessionStore {
  const s = quoteSchema(options.schema ?? 'samocode');

  const readDecisionRow = async (client: pg.ClientBase, gateId: string) =>
    queryRow(
      client,
      DecisionRowSchema,
      `SELECT decision, writer::text, decided_at FROM ${s}.decisions WHERE gate_id = $1`,
      [gateId],
    );

  return {
    kind: 'postgres',

    listSessions: () =>
      db.run('list sessions', async (client): Promise<SessionSummary[]> => {
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
      }),

    readSession: (session: string, read: ReadOptions = {}) =>
      db.run(`read session ${session}`, async (client): Promise<SessionRecord | undefined> => {
        validateSessionId(session);
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
          [session, Math.max(0, read.rows ?? DEFAULT_ROWS)],
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
          rows: rows.reverse(),
          files: Object.fromEntries(files.map((file) => [file.path, file.content])),
        };
      }),

    async commitTransition(session: string, transition: Transition) {
      const clean = cleanTransition(session, transition);
      await db.transaction(`commit a transition of ${session}`, async (client) => {
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
        const lastSeq = clean.row
          ? await writeRow(client, s, session, clean.row, current?.last_seq ?? 0)
          : current?.last_seq;
        await client.query(
          `UPDATE ${s}.sessions
              SET snapshot = $2::jsonb, overview = COALESCE($3, overview), settings = COALESCE($4::jsonb, settings),
                  last_seq = $5, updated_at = clock_timestamp()
            WHERE name = $1`,
          [
            session,
            json(clean.snapshot),
            clean.overview ?? null,
            clean.settings ? json(clean.settings) : null,
            lastSeq ?? 0,
          ],
        );
        if (clean.files) await writeFiles(client, s, session, clean.files);
      });
    },

    async recordDecision(gateId: string, decision: JsonObject): Promise<DecisionResult> {
      const session = sessionOfGate(gateId);
      const stored = cleanRecord(decision);
      // Fixed before the first try: a retry after a lost answer recognises its own record.
      const writer = randomUUID();
      return db.run(`record the decision of ${gateId}`, async (client) => {
        await client.query(
          `INSERT INTO ${s}.decisions (gate_id, session, decision, writer) VALUES ($1, $2, $3::jsonb, $4)
           ON CONFLICT (gate_id) DO NOTHING`,
          [gateId, session, json(stored), writer],
        );
        const winner = await readDecisionRow(client, gateId);
        if (winner === undefined) throw new Error(`the decision of ${gateId} vanished after it was written`);
        return {
          isFirst: winner.writer === writer,
          decision: winner.decision,
          decidedAt: winner.decided_at.toISOString(),
        };
      });
    },

    readDecision: (gateId: string) =>
      db.run(`read the decision of ${gateId}`, async (client) => {
        sessionOfGate(gateId);
        const found = await readDecisionRow(client, gateId);
        return (
          found && { isFirst: false, decision: found.decision, decidedAt: found.decided_at.toISOString() }
        );
      }),

    async lease(session: string, worker: string, ttlMs: number): Promise<LeaseResult> {
      validateSessionId(session);
      const token = randomUUID();
      return db.transaction(`lease ${session}`, (client) =>
        takeLease(client, s, session, worker, token, ttlMs),
      );
    },

    async renew(lease: Lease, ttlMs: number) {
      const renewed = await db.run(`renew the lease of ${lease.session}`, (client) =>
        renewLease(client, s, lease, ttlMs),
      );
      if (renewed) return renewed;
      const holder = await db.run(`read the lease of ${lease.session}`, (client) =>
        lockIfHeld(client, s, lease),
      );
      throw leaseLost(lease.session, lease.worker, holder.holder?.worker);
    },

    release: (lease: Lease) =>
      db.run(`release the lease of ${lease.session}`, (client) => releaseLease(client, s, lease)),

    close: () => db.close(),
  };
}
