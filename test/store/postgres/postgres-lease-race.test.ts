/**
 * One holder per session, under real concurrency: racing taker processes, round after round, on
 * free sessions and on sessions whose holder's lease has expired; and a holder killed with SIGKILL
 * is replaced only once its lease has run out.
 */

import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { migrateStore } from '../../../src/store/postgres/migrate.js';
import { PgDatabase } from '../../../src/store/postgres/pg-database.js';
import { type LineProcess, startLineProcess } from '../../helpers/line-process.js';
import { freshSchema, startPostgres, stopPostgres } from '../../helpers/postgres.js';
import { waitForDeath } from '../../helpers/processes.js';

const cluster = await startPostgres('the PostgreSQL lease race');
const url = await cluster?.createDatabase();
afterAll(() => stopPostgres(cluster));

const RACER = join(import.meta.dirname, '../../helpers/lease-racer.ts');
const ROUNDS = 200;
const RACERS = 5;

const AnswerSchema = z.object({
  session: z.string(),
  held: z.boolean(),
  lease: z.object({ token: z.string(), expiresAt: z.string() }).optional(),
  tookOverFrom: z.string().nullable().optional(),
  holder: z.string().optional(),
});
type Answer = z.infer<typeof AnswerSchema>;

interface Racer extends Omit<LineProcess, 'next'> {
  readonly name: string;
  next(): Promise<Answer>;
}

/** A racer process and a reader of its answers, one line at a time. */
async function startRacer(schema: string, name: string): Promise<Racer> {
  const process = await startLineProcess(RACER, [url ?? '', schema, name], `racer ${name}`);
  return { ...process, name, next: async () => AnswerSchema.parse(JSON.parse(await process.next())) };
}

const running: Racer[] = [];
afterEach(async () => {
  for (const racer of running.splice(0)) await racer.stop();
});

describe.skipIf(url === undefined)('a PostgreSQL lease has one holder at a time', () => {
  it(`gives each of ${ROUNDS} sessions to exactly one of ${RACERS} racing processes, over free and expired leases`, async () => {
    const schema = freshSchema();
    const db = new PgDatabase({ url: url ?? '' });
    await migrateStore(db, schema);
    await db.close();
    const observer = new pg.Client({ connectionString: url });
    await observer.connect();
    // The second half of the rounds starts from a lease that a vanished worker let expire.
    await observer.query(
      `INSERT INTO ${schema}.sessions (name, worker, lease_token, lease_since, lease_expires_at)
       SELECT 'race-' || n, 'ghost', gen_random_uuid(), now() - interval '2 minutes', now() - interval '1 minute'
         FROM generate_series($1::int, $2::int) AS n`,
      [ROUNDS / 2 + 1, ROUNDS],
    );
    running.push(
      ...(await Promise.all(Array.from({ length: RACERS }, (_, i) => startRacer(schema, `racer-${i}`)))),
    );
    const bad: { round: number; holders: string[] }[] = [];
    let tookOver = 0;
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (const racer of running) racer.send(`race-${round} 600000`);
      const answers = await Promise.all(
        running.map(async (racer) => ({ racer: racer.name, answer: await racer.next() })),
      );
      const holders = answers.filter(({ answer }) => answer.held).map(({ racer }) => racer);
      if (holders.length !== 1) bad.push({ round, holders });
      const losers = answers.filter(({ answer }) => !answer.held).map(({ answer }) => answer.holder);
      expect(new Set(losers)).toEqual(new Set(holders.length === 1 ? holders : []));
      if (answers.some(({ answer }) => answer.tookOverFrom === 'ghost')) tookOver += 1;
    }
    expect(bad).toEqual([]);
    expect(tookOver).toBe(ROUNDS / 2);
    const stored = await observer.query(
      `SELECT count(*)::int AS n FROM ${schema}.sessions WHERE worker LIKE 'racer-%'`,
    );
    expect(stored.rows[0]?.n).toBe(ROUNDS);
    await observer.end();
  });

  it('replaces a holder killed with SIGKILL only after its lease expires', async () => {
    const schema = freshSchema();
    const db = new PgDatabase({ url: url ?? '' });
    await migrateStore(db, schema);
    await db.close();
    const [doomed, heir] = await Promise.all([startRacer(schema, 'doomed'), startRacer(schema, 'heir')]);
    if (doomed === undefined || heir === undefined) throw new Error('racers did not start');
    running.push(doomed, heir);
    doomed.send('held-session 4000');
    const held = await doomed.next();
    expect(held.held).toBe(true);
    doomed.child.kill('SIGKILL');
    expect(await waitForDeath([doomed.child.pid ?? 0], 30_000)).toEqual([]);

    heir.send('held-session 60000');
    const refused = await heir.next();
    expect(refused).toMatchObject({ held: false, holder: 'doomed' });
    let taken: Answer | undefined;
    for (const until = Date.now() + 120_000; Date.now() < until; ) {
      heir.send('held-session 60000');
      const answer = await heir.next();
      if (answer.held) {
        taken = answer;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(taken?.tookOverFrom).toBe('doomed');
    const observer = new pg.Client({ connectionString: url });
    await observer.connect();
    const since = await observer.query(
      `SELECT lease_since FROM ${schema}.sessions WHERE name = 'held-session'`,
    );
    await observer.end();
    // The store's own clock: the heir's lease began at or after the dead holder's expiry.
    expect(new Date(since.rows[0]?.lease_since).getTime()).toBeGreaterThanOrEqual(
      new Date(held.lease?.expiresAt ?? '').getTime(),
    );
  });
});
