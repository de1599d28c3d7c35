/**
 * The session queue in PostgreSQL, on pg-boss 10. A request is a pg-boss job whose singleton key
 * is the session, in a queue of policy `short`: pg-boss keeps at most one queued job per session.
 * A take is one transaction under an advisory lock: it ends the claims of workers whose session
 * lease expired (pg-boss `fail` queues their job again), counts the claims of this worker and
 * account, fetches one job (`FOR UPDATE SKIP LOCKED`), leases its session and records the claim.
 * So the limits are read from the store's own record, and a session runs on one worker at a time
 * (its lease) even when pg-boss's own job expiry hands a live worker's job out again.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import PgBoss from 'pg-boss';
import * as z from 'zod';
import { cleanDeep } from '../../text/clean-text.js';
import { type JsonObject, JsonObjectSchema } from '../json.js';
import { checkLimits } from '../queue-limits.js';
import type {
  Claim,
  QueueLimits,
  SessionQueue,
  SessionRequest,
  SubmitResult,
  TakeOptions,
} from '../session-queue.js';
import { validateSessionId } from '../store-rules.js';
import { LOCK_SPACE, quoteSchema } from './migrate.js';
import type { PgDatabase } from './pg-database.js';
import { releaseLease, takeLease } from './pg-lease.js';
import { iso, queryRow, queryRows } from './pg-rows.js';
import { readQueueView } from './queue-view.js';

const TAKE_LOCK = 2;
const START_LOCK = 3;
/** The second key space: one advisory lock per session (`hashtext(name)`). */
const SESSION_LOCK_SPACE = LOCK_SPACE + 1;

export interface PostgresQueueOptions {
  /** samocode's tables (default `samocode`). */
  readonly schema?: string;
  /** pg-boss's tables (default `samocode_boss`). */
  readonly bossSchema?: string;
  readonly queueName?: string;
  /** Times a failed or abandoned run is queued again before pg-boss gives up on it (default 10). */
  readonly retryLimit?: number;
  /** pg-boss's own expiry of an active job, a backstop to the session lease (default 23 h, its maximum). */
  readonly jobExpireSeconds?: number;
  /** How often pg-boss runs its maintenance (expiry, archive), in seconds (default 120). */
  readonly maintenanceIntervalSeconds?: number;
  /** pg-boss's background errors, which never stop a take. */
  readonly warn?: (message: string) => void;
}

const JobSchema = z.object({
  id: z.string(),
  data: z.object({ session: z.string(), args: JsonObjectSchema }),
});
const CountsSchema = z.object({ worker: z.coerce.number(), account: z.coerce.number() });
const DeadClaimSchema = z.object({ job_id: z.string(), session: z.string(), worker: z.string() });
const ClaimRowSchema = z.object({ requeue: JsonObjectSchema.nullable(), lease_token: z.string() });
const HolderSchema = z.object({ lease_expires_at: z.date().nullable() });
const OwnClaimSchema = z.object({
  job_id: z.string(),
  session: z.string(),
  args: JsonObjectSchema,
  worker: z.string(),
  account: z.string().nullable(),
  started_at: z.date(),
  lease_expires_at: z.date().nullable(),
});

/** pg-boss running its statements on the caller's transaction. */
function bossOn(client: pg.ClientBase): PgBoss.Db {
  return { executeSql: async (text, values) => client.query(text, values) };
}

export async function startPostgresQueue(
  db: PgDatabase,
  options: PostgresQueueOptions = {},
): Promise<SessionQueue> {
  const s = quoteSchema(options.schema ?? 'samocode');
  const queue = options.queueName ?? 'samocode-sessions';
  const boss = new PgBoss({
    db: { executeSql: (text, values) => db.run('the queue', (client) => client.query(text, values)) },
    schema: options.bossSchema ?? 'samocode_boss',
    schedule: false,
    supervise: true,
    migrate: true,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 120,
  });
  boss.on('error', (error) => options.warn?.(`queue maintenance: ${error.message}`));
  // Workers that start at once create pg-boss's schema and the queue one after the other.
  await db.run('start the queue', async (client) => {
    await client.query('SELECT pg_advisory_lock($1, $2)', [LOCK_SPACE, START_LOCK]);
    try {
      await boss.start();
      if ((await boss.getQueue(queue)) === null) {
        await boss.createQueue(queue, {
          name: queue,
          policy: 'short',
          retryLimit: options.retryLimit ?? 10,
          retryDelay: 1,
          expireInSeconds: options.jobExpireSeconds ?? 23 * 3600,
        });
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_SPACE, START_LOCK]);
    }
  });

  const lockSession = (client: pg.ClientBase, session: string) =>
    client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [SESSION_LOCK_SPACE, session]);

  /** Ends a claim: its run recorded, its lease released; the request queued again when asked for. */
  const endClaim = async (client: pg.ClientBase, jobId: string, outcome: JsonObject) => {
    const ended = await queryRow(
      client,
      ClaimRowSchema.extend({ session: z.string(), worker: z.string() }),
      `WITH gone AS (DELETE FROM ${s}.claims WHERE job_id = $1 RETURNING *),
            run AS (INSERT INTO ${s}.runs (job_id, session, worker, account, started_at, outcome)
                    SELECT job_id, session, worker, account, started_at, $2::jsonb FROM gone)
       SELECT session, worker, requeue, lease_token::text FROM gone`,
      [jobId, JSON.stringify(cleanDeep(outcome))],
    );
    if (ended)
      await releaseLease(client, s, {
        session: ended.session,
        worker: ended.worker,
        token: ended.lease_token,
      });
    return ended;
  };

  /** Claims whose session lease expired or passed to someone else: their workers are gone. */
  const reapDeadClaims = async (client: pg.ClientBase) => {
    const dead = await queryRows(
      client,
      DeadClaimSchema,
      `SELECT c.job_id::text, c.session, c.worker FROM ${s}.claims c JOIN ${s}.sessions s ON s.name = c.session
        WHERE s.lease_token IS DISTINCT FROM c.lease_token OR s.lease_expires_at <= clock_timestamp()`,
    );
    for (const claim of dead) {
      const reason = `worker ${claim.worker} stopped renewing its lease of ${claim.session}`;
      await boss.fail(queue, claim.job_id, { reason }, { db: bossOn(client) });
      await endClaim(client, claim.job_id, { failed: reason });
    }
  };

  /** The claim an earlier try of this take made, when its COMMIT landed but the answer was lost. */
  const readOwnClaim = async (client: pg.ClientBase, token: string): Promise<Claim | undefined> => {
    const row = await queryRow(
      client,
      OwnClaimSchema,
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
  };

  /** A job whose session someone else holds goes back, due when that lease runs out. */
  const defer = async (client: pg.ClientBase, job: z.infer<typeof JobSchema>) => {
    const holder = await queryRow(
      client,
      HolderSchema,
      `SELECT lease_expires_at FROM ${s}.sessions WHERE name = $1`,
      [job.data.session],
    );
    await boss.complete(
      queue,
      job.id,
      { deferred: 'session leased by another holder' },
      { db: bossOn(client) },
    );
    const due = new Date((holder?.lease_expires_at?.getTime() ?? Date.now()) + 1000);
    await boss.send(queue, job.data, { singletonKey: job.data.session, startAfter: due, db: bossOn(client) });
  };

  const submit = async (request: SessionRequest) => {
    validateSessionId(request.session);
    const data = { session: request.session, args: cleanDeep(request.args) };
    const id = randomUUID();
    return db.transaction(`submit ${request.session}`, async (client): Promise<SubmitResult> => {
      await lockSession(client, request.session);
      const running = await client.query(`UPDATE ${s}.claims SET requeue = $2::jsonb WHERE session = $1`, [
        request.session,
        JSON.stringify(data.args),
      ]);
      if (running.rowCount === 1) return { kind: 'after-current-run' };
      const sent = await boss.send(queue, data, { id, singletonKey: request.session, db: bossOn(client) });
      if (sent !== null) return { kind: 'queued', id: sent };
      // A try whose answer was lost may have queued it: then the job with this id exists.
      const mine = await boss.getJobById(queue, id, { db: bossOn(client), includeArchive: true });
      return mine === null ? { kind: 'already-queued' } : { kind: 'queued', id };
    });
  };

  return {
    kind: 'postgres',
    submit,
    requeue: (session) => submit({ session, args: {} }),

    take: (worker: string, limits: QueueLimits, take: TakeOptions) => {
      const token = randomUUID();
      return db.transaction(`take a session for ${worker}`, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_SPACE, TAKE_LOCK]);
        const landed = await readOwnClaim(client, token);
        if (landed) return { kind: 'claimed', claim: landed } as const;
        await reapDeadClaims(client);
        const counts = await queryRow(
          client,
          CountsSchema,
          `SELECT count(*) FILTER (WHERE worker = $1) AS worker, count(*) FILTER (WHERE account = $2) AS account
             FROM ${s}.claims`,
          [worker, limits.account ?? null],
        );
        const full = checkLimits(counts ?? { worker: 0, account: 0 }, worker, limits);
        if (full !== undefined) return { kind: 'full', reason: full } as const;
        for (;;) {
          const [fetched] = await boss.fetch(queue, { batchSize: 1, db: bossOn(client) });
          if (fetched === undefined) return { kind: 'idle' } as const;
          const job = JobSchema.safeParse(fetched);
          if (!job.success) {
            await boss.complete(
              queue,
              fetched.id,
              { refused: 'not a samocode session request' },
              { db: bossOn(client) },
            );
            continue;
          }
          const { session, args } = job.data.data;
          const leased = await takeLease(client, s, session, worker, token, take.leaseMs);
          if (leased.kind === 'taken') {
            await defer(client, job.data);
            continue;
          }
          const started = await queryRow(
            client,
            z.object({ started_at: z.date() }),
            `INSERT INTO ${s}.claims (job_id, session, args, worker, account, lease_token)
             VALUES ($1, $2, $3::jsonb, $4, $5, $6) RETURNING started_at`,
            [job.data.id, session, JSON.stringify(args), worker, limits.account ?? null, token],
          );
          if (limits.account !== undefined)
            await client.query(`UPDATE ${s}.sessions SET account = $2 WHERE name = $1`, [
              session,
              limits.account,
            ]);
          const claim: Claim = {
            id: job.data.id,
            session,
            args,
            worker,
            ...(limits.account === undefined ? {} : { account: limits.account }),
            lease: leased.lease,
            startedAt: iso(started?.started_at) ?? new Date().toISOString(),
          };
          return { kind: 'claimed', claim } as const;
        }
      });
    },

    complete: (claim: Claim, outcome: JsonObject) =>
      db.transaction(`complete the run of ${claim.session}`, async (client) => {
        await lockSession(client, claim.session);
        await boss.complete(queue, claim.id, cleanDeep(outcome), { db: bossOn(client) });
        const ended = await endClaim(client, claim.id, outcome);
        if (ended?.requeue) {
          const data = { session: claim.session, args: ended.requeue };
          await boss.send(queue, data, { singletonKey: claim.session, db: bossOn(client) });
        }
      }),

    fail: (claim: Claim, reason: string) =>
      db.transaction(`fail the run of ${claim.session}`, async (client) => {
        await lockSession(client, claim.session);
        await boss.fail(queue, claim.id, { reason }, { db: bossOn(client) });
        await endClaim(client, claim.id, { failed: reason });
      }),

    readQueue: () =>
      db.run('read the queue', (client) =>
        readQueueView(client, s, options.bossSchema ?? 'samocode_boss', queue),
      ),

    close: () => boss.stop({ graceful: false, close: false, wait: true }),
  };
}
