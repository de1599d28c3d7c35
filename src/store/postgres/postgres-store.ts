/**
 * The session store in PostgreSQL: one row per session (settings, snapshot, overview, account,
 * lease), its history rows (unique per session and `seq`), its agent files and the gates'
 * decisions. A transition is one transaction under the session row's lock (`pg-commit.ts`); every
 * write is safe to run twice, since `PgDatabase` runs an operation again after a lost connection.
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
  SessionStore,
  Transition,
} from '../session-store.js';
import { cleanRecord, cleanTransition, leaseLost, sessionOfGate, validateSessionId } from '../store-rules.js';
import { quoteSchema } from './migrate.js';
import { commitInTransaction } from './pg-commit.js';
import type { PgDatabase } from './pg-database.js';
import { lockIfHeld, releaseLease, renewLease, takeLease } from './pg-lease.js';
import { queryRow } from './pg-rows.js';
import { listSessionRows, readSessionRows } from './pg-session-read.js';

const DEFAULT_ROWS = 20;
const DecisionRowSchema = z.object({ decision: JsonObjectSchema, writer: z.string(), decided_at: z.date() });

export interface PostgresStoreOptions {
  /** The PostgreSQL schema of samocode's tables (default `samocode`); migrated by `migrateStore`. */
  readonly schema?: string;
}

export function createPostgresStore(db: PgDatabase, options: PostgresStoreOptions = {}): SessionStore {
  const s = quoteSchema(options.schema ?? 'samocode');

  const readDecisionRow = (client: pg.ClientBase, gateId: string) =>
    queryRow(
      client,
      DecisionRowSchema,
      `SELECT decision, writer::text, decided_at FROM ${s}.decisions WHERE gate_id = $1`,
      [gateId],
    );

  return {
    kind: 'postgres',

    listSessions: () => db.run('list sessions', (client) => listSessionRows(client, s)),

    readSession: async (session: string, read: ReadOptions = {}) => {
      validateSessionId(session);
      return db.transaction(
        `read session ${session}`,
        (client) => readSessionRows(client, s, session, read.rows ?? DEFAULT_ROWS),
        {
          isSnapshot: true,
        },
      );
    },

    async commitTransition(session: string, transition: Transition) {
      const clean = cleanTransition(session, transition);
      await db.transaction(`commit a transition of ${session}`, (client) =>
        commitInTransaction(client, s, session, clean),
      );
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
          [gateId, session, JSON.stringify(stored), writer],
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

    readDecision: async (gateId: string) => {
      sessionOfGate(gateId);
      return db.run(`read the decision of ${gateId}`, async (client) => {
        const found = await readDecisionRow(client, gateId);
        return (
          found && { isFirst: false, decision: found.decision, decidedAt: found.decided_at.toISOString() }
        );
      });
    },

    async lease(session: string, worker: string, ttlMs: number): Promise<LeaseResult> {
      validateSessionId(session);
      // Fixed before the first try: a retry after a lost answer finds the lease it took.
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
      const current = await db.run(`read the lease of ${lease.session}`, (client) =>
        lockIfHeld(client, s, lease),
      );
      throw leaseLost(lease.session, lease.worker, current.holder?.worker);
    },

    release: (lease: Lease) =>
      db.run(`release the lease of ${lease.session}`, (client) => releaseLease(client, s, lease)),

    close: () => db.close(),
  };
}
