/**
 * What `ls` and the dashboard show of the queue: the requests waiting (pg-boss's jobs not yet
 * active, read from its job table, since pg-boss 10 has no call that lists them), the running
 * claims and the last finished runs (samocode's own tables).
 */
import type pg from 'pg';
import * as z from 'zod';
import { JsonObjectSchema } from '../json.js';
import type { QueueView } from '../session-queue.js';
import { quoteSchema } from './migrate.js';
import { queryRows } from './pg-rows.js';

const FINISHED_SHOWN = 50;

const QueuedSchema = z.object({ id: z.string(), session: z.string(), created_on: z.date() });
const RunningSchema = z.object({
  id: z.string(),
  session: z.string(),
  worker: z.string(),
  account: z.string().nullable(),
  started_at: z.date(),
});
const FinishedSchema = RunningSchema.extend({ ended_at: z.date(), outcome: JsonObjectSchema });

const withAccount = (account: string | null) => (account === null ? {} : { account });

export async function readQueueView(
  client: pg.ClientBase,
  s: string,
  bossSchema: string,
  queue: string,
): Promise<QueueView> {
  const queued = await queryRows(
    client,
    QueuedSchema,
    `SELECT id::text, data->>'session' AS session, created_on FROM ${quoteSchema(bossSchema)}.job
      WHERE name = $1 AND state < 'active' ORDER BY created_on, id`,
    [queue],
  );
  const running = await queryRows(
    client,
    RunningSchema,
    `SELECT job_id::text AS id, session, worker, account, started_at FROM ${s}.claims ORDER BY started_at`,
  );
  const finished = await queryRows(
    client,
    FinishedSchema,
    `SELECT * FROM (SELECT job_id::text AS id, session, worker, account, started_at, ended_at, outcome, id AS n
                      FROM ${s}.runs ORDER BY id DESC LIMIT $1) last ORDER BY n`,
    [FINISHED_SHOWN],
  );
  return {
    queued: queued.map((row) => ({
      id: row.id,
      session: row.session,
      submittedAt: row.created_on.toISOString(),
    })),
    running: running.map((row) => ({
      id: row.id,
      session: row.session,
      worker: row.worker,
      ...withAccount(row.account),
      startedAt: row.started_at.toISOString(),
    })),
    finished: finished.map((row) => ({
      id: row.id,
      session: row.session,
      worker: row.worker,
      ...withAccount(row.account),
      startedAt: row.started_at.toISOString(),
      endedAt: row.ended_at.toISOString(),
      outcome: row.outcome,
    })),
  };
}
