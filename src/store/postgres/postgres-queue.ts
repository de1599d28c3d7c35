/**
 * The session queue in PostgreSQL, on pg-boss 10 (`boss-queue.ts`). A request is a pg-boss job
 * whose singleton key is the session: pg-boss keeps at most one queued job per session. A take is
 * one transaction under an advisory lock: it ends the claims of workers whose session lease
 * expired (pg-boss `fail` queues their job again), counts the claims of this worker and account,
 * fetches one job (`FOR UPDATE SKIP LOCKED`), leases its session and records the claim. So the
 * limits are read from the store's own record, and a session runs on one worker at a time (its
 * lease) even when pg-boss's own job expiry hands a live worker's job out again.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
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
  TakeResult,
} from '../session-queue.js';
import { validateSessionId } from '../store-rules.js';
import { type BossOptions, type BossQueue, bossOn, startBoss } from './boss-queue.js';
import { LOCK_SPACE, quoteSchema } from './migrate.js';
import { countClaims, endClaim, readClaimOfToken, reapDeadClaims, recordClaim } from './pg-claims.js';
import type { PgDatabase } from './pg-database.js';
import { takeLease } from './pg-lease.js';
import { queryRow } from './pg-rows.js';
import { readQueueView } from './queue-view.js';

const TAKE_LOCK = 2;
/** The second key space: one advisory lock per session (`hashtext(name)`). */
const SESSION_LOCK_SPACE = LOCK_SPACE + 1;

export interface PostgresQueueOptions extends BossOptions {
  /** samocode's tables (default `samocode`). */
  readonly schema?: string;
}

const JobSchema = z.object({
  id: z.string(),
  data: z.object({ session: z.string(), args: JsonObjectSchema }),
});
type Job = z.infer<typeof JobSchema>;
const HolderSchema = z.object({ lease_expires_at: z.date().nullable() });

const lockSession = (client: pg.ClientBase, session: string) =>
  client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [SESSION_LOCK_SPACE, session]);

/** A job whose session someone else holds goes back, due when that lease runs out. */
async function defer(client: pg.ClientBase, s: string, queue: BossQueue, job: Job): Promise<void> {
  const holder = await queryRow(
    client,
    HolderSchema,
    `SELECT lease_expires_at FROM ${s}.sessions WHERE name = $1`,
    [job.data.session],
  );
  await queue.boss.complete(
    queue.name,
    job.id,
    { deferred: 'session leased by another holder' },
    bossOn(client),
  );
  const due = new Date((holder?.lease_expires_at?.getTime() ?? Date.now()) + 1000);
  await queue.boss.send(queue.name, job.data, {
    singletonKey: job.data.session,
    startAfter: due,
    ...bossOn(client),
  });
}

/** The next job this worker may run, leased and claimed; `idle` when none is due. */
async function claimNext(
  client: pg.ClientBase,
  s: string,
  queue: BossQueue,
  worker: string,
  limits: QueueLimits,
  token: string,
  leaseMs: number,
): Promise<TakeResult> {
  for (;;) {
    const [fetched] = await queue.boss.fetch(queue.name, { batchSize: 1, ...bossOn(client) });
    if (fetched === undefined) return { kind: 'idle' };
    const job = JobSchema.safeParse(fetched);
    if (!job.success) {
      await queue.boss.complete(
        queue.name,
        fetched.id,
        { refused: 'not a samocode session request' },
        bossOn(client),
      );
      continue;
    }
    const leased = await takeLease(client, s, job.data.data.session, worker, token, leaseMs);
    if (leased.kind === 'taken') {
      await defer(client, s, queue, job.data);
      continue;
    }
    return {
      kind: 'claimed',
      claim: await recordClaim(client, s, job.data.id, job.data.data.args, limits.account, leased.lease),
    };
  }
}

export async function startPostgresQueue(
  db: PgDatabase,
  options: PostgresQueueOptions = {},
): Promise<SessionQueue> {
  const s = quoteSchema(options.schema ?? 'samocode');
  const queue = await startBoss(db, options);
  const { boss, name } = queue;

  const submit = async (request: SessionRequest) => {
    validateSessionId(request.session);
    const data = { session: request.session, args: cleanDeep(request.args) };
    // Fixed before the first try: a retry after a lost answer finds its own job.
    const id = randomUUID();
    return db.transaction(`submit ${request.session}`, async (client): Promise<SubmitResult> => {
      await lockSession(client, request.session);
      const running = await client.query(`UPDATE ${s}.claims SET requeue = $2::jsonb WHERE session = $1`, [
        request.session,
        JSON.stringify(data.args),
      ]);
      if (running.rowCount === 1) return { kind: 'after-current-run' };
      const sent = await boss.send(name, data, { id, singletonKey: request.session, ...bossOn(client) });
      if (sent !== null) return { kind: 'queued', id: sent };
      const mine = await boss.getJobById(name, id, { ...bossOn(client), includeArchive: true });
      return mine === null ? { kind: 'already-queued' } : { kind: 'queued', id };
    });
  };

  return {
    kind: 'postgres',
    submit,
    requeue: (session) => submit({ session, args: {} }),

    take: async (worker: string, limits: QueueLimits, take: TakeOptions) => {
      // Fixed before the first try: a retry after a lost answer finds the claim it made.
      const token = randomUUID();
      return db.transaction(`take a session for ${worker}`, async (client): Promise<TakeResult> => {
        await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_SPACE, TAKE_LOCK]);
        const landed = await readClaimOfToken(client, s, token);
        if (landed) return { kind: 'claimed', claim: landed };
        await reapDeadClaims(client, s, queue);
        const full = checkLimits(await countClaims(client, s, worker, limits.account), worker, limits);
        if (full !== undefined) return { kind: 'full', reason: full };
        return claimNext(client, s, queue, worker, limits, token, take.leaseMs);
      });
    },

    complete: (claim: Claim, outcome: JsonObject) =>
      db.transaction(`complete the run of ${claim.session}`, async (client) => {
        await lockSession(client, claim.session);
        await boss.complete(name, claim.id, cleanDeep(outcome), bossOn(client));
        const ended = await endClaim(client, s, claim.id, outcome);
        if (ended?.requeue)
          await boss.send(
            name,
            { session: claim.session, args: ended.requeue },
            { singletonKey: claim.session, ...bossOn(client) },
          );
      }),

    fail: (claim: Claim, reason: string) =>
      db.transaction(`fail the run of ${claim.session}`, async (client) => {
        await lockSession(client, claim.session);
        await boss.fail(name, claim.id, { reason }, bossOn(client));
        await endClaim(client, s, claim.id, { failed: reason });
      }),

    readQueue: () => db.run('read the queue', (client) => readQueueView(client, s, queue.schema, name)),

    close: () => boss.stop({ graceful: false, close: false, wait: true }),
  };
}
