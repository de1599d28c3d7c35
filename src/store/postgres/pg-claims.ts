/**
 * The running claims of the PostgreSQL queue (`claims`) and the record of ended ones (`runs`):
 * written, ended, reaped when their worker stopped renewing the session lease, and counted for
 * the limits. Every function runs inside the caller's transaction.
 */
import type pg from 'pg';
import * as z from 'zod';
import { cleanDeep } from '../../text/clean-text.js';
import { type JsonObject, JsonObjectSchema } from '../json.js';
import type { ClaimCounts } from '../queue-limits.js';
import type { Claim } from '../session-queue.js';
import type { Lease } from '../session-store.js';
import { type BossQueue, bossOn } from './boss-queue.js';
import { releaseLease } from './pg-lease.js';
import { iso, queryRow, queryRows } from './pg-rows.js';

const EndedSchema = z.object({
  session: z.string(),
  worker: z.string(),
  requeue: JsonObjectSchema.nullable(),
  lease_token: z.string(),
});
const DeadSchema = z.object({ job_id: z.string(), session: z.string(), worker: z.string() });
const CountsSchema = z.object({ worker: z.coerce.number(), account: z.coerce.number() });
const ClaimRowSchema = z.object({
  job_id: z.string(),
  session: z.string(),
  args: JsonObjectSchema,
  worker: z.string(),
  account: z.string().nullable(),
  started_at: z.date(),
  lease_expires_at: z.date().nullable(),
});

export async function recordClaim(
  client: pg.ClientBase,
  s: string,
  jobId: string,
  args: JsonObject,
  account: string | undefined,
  lease: Lease,
): Promise<Claim> {
  const started = await queryRow(
    client,
    z.object({ started_at: z.date() }),
    `INSERT INTO ${s}.claims (job_id, session, args, worker, account, lease_token)
     VALUES ($1, $2, $3::jsonb, $4, $5, $6) RETURNING started_at`,
    [jobId, lease.session, JSON.stringify(args), lease.worker, account ?? null, lease.token],
  );
  if (account !== undefined)
    await client.query(`UPDATE ${s}.sessions SET account = $2 WHERE name = $1`, [lease.session, account]);
  return {
    id: jobId,
    session: lease.session,
    args,
    worker: lease.worker,
    ...(account === undefined ? {} : { account }),
    lease,
    startedAt: iso(started?.started_at) ?? new Date().toISOString(),
  };
}

/** The claim an earlier try of this take made, when its COMMIT landed but the answer was lost. */
export async function readClaimOfToken(
  client: pg.ClientBase,
  s: string,
  token: string,
): Promise<Claim | undefined> {
  const row = await queryRow(
    client,
    ClaimRowSchema,
    `SELECT c.job_id::text, c.session, c.args, c.worker, c.account, c.started_at, s.lease_expires_at
       FROM ${s}.claims c JOIN ${s}.sessions s ON s.name = c.session
      WHERE c.lease_token = $1`,
    [token],
  );
  if (row === undefined) return undefined;
  const expiresAt = iso(row.lease_expires_at);
  return {
    id: row.job_id,
    session: row.session,
    args: row.args,
    worker: row.worker,
    ...(row.account === null ? {} : { account: row.account }),
    lease: { session: row.session, worker: row.worker, token, ...(expiresAt ? { expiresAt } : {}) },
    startedAt: row.started_at.toISOString(),
  };
}

/** Ends a claim: its run recorded, its lease released; returns the request queued during the run, if any. */
export async function endClaim(client: pg.ClientBase, s: string, jobId: string, outcome: JsonObject) {
  const ended = await queryRow(
    client,
    EndedSchema,
    `WITH gone AS (DELETE FROM ${s}.claims WHERE job_id = $1 RETURNING *),
          run AS (INSERT INTO ${s}.runs (job_id, session, worker, account, started_at, outcome)
                  SELECT job_id, session, worker, account, started_at, $2::jsonb FROM gone)
     SELECT session, worker, requeue, lease_token::text FROM gone`,
    [jobId, JSON.stringify(cleanDeep(outcome))],
  );
  if (ended)
    await releaseLease(client, s, { session: ended.session, worker: ended.worker, token: ended.lease_token });
  return ended;
}

/** Claims whose session lease expired or passed to someone else: their workers are gone; pg-boss queues their jobs again. */
export async function reapDeadClaims(client: pg.ClientBase, s: string, queue: BossQueue): Promise<void> {
  const dead = await queryRows(
    client,
    DeadSchema,
    `SELECT c.job_id::text, c.session, c.worker FROM ${s}.claims c JOIN ${s}.sessions s ON s.name = c.session
      WHERE s.lease_token IS DISTINCT FROM c.lease_token OR s.lease_expires_at <= clock_timestamp()`,
  );
  for (const claim of dead) {
    const reason = `worker ${claim.worker} stopped renewing its lease of ${claim.session}`;
    await queue.boss.fail(queue.name, claim.job_id, { reason }, bossOn(client));
    await endClaim(client, s, claim.job_id, { failed: reason });
  }
}

export async function countClaims(
  client: pg.ClientBase,
  s: string,
  worker: string,
  account: string | undefined,
): Promise<ClaimCounts> {
  const counts = await queryRow(
    client,
    CountsSchema,
    `SELECT count(*) FILTER (WHERE worker = $1) AS worker, count(*) FILTER (WHERE account = $2) AS account
       FROM ${s}.claims`,
    [worker, account ?? null],
  );
  return counts ?? { worker: 0, account: 0 };
}
