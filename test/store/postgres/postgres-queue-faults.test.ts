/**
 * Faults around a take: its COMMIT answer lost (the retry must return the claim it made, not take
 * a second), and pg-boss's own expiry handing out the job of a worker that is still alive (its
 * session lease keeps the session from running twice).
 */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateStore } from '../../../src/store/postgres/migrate.js';
import { PgDatabase } from '../../../src/store/postgres/pg-database.js';
import { startPostgresQueue } from '../../../src/store/postgres/postgres-queue.js';
import { startCuttingProxy } from '../../helpers/cutting-proxy.js';
import { freshSchema, startPostgres, stopPostgres } from '../../helpers/postgres.js';

const cluster = await startPostgres('the PostgreSQL queue fault tests');
const url = await cluster?.createDatabase();
afterAll(() => stopPostgres(cluster));

async function pollUntilAsync<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  const until = Date.now() + 120_000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(url === undefined)('faults around a take', () => {
  it('returns the claim its first try made when the answer to its COMMIT is lost, and leaves the rest queued', async () => {
    const schema = freshSchema();
    const setup = new PgDatabase({ url: url ?? '' });
    await migrateStore(setup, schema);
    const proxy = await startCuttingProxy(cluster?.port ?? 0);
    const db = new PgDatabase({
      url: `postgres://postgres@127.0.0.1:${proxy.port}${new URL(url ?? '').pathname}`,
    });
    try {
      const queue = await startPostgresQueue(db, { schema, bossSchema: `${schema}_boss` });
      for (const session of ['first', 'second']) await queue.submit({ session, args: {} });
      proxy.arm();
      const taken = await queue.take('w1', { maxPerWorker: 5 }, { leaseMs: 60_000 });
      expect(proxy.cuts()).toBe(1);
      expect(taken.kind === 'claimed' ? taken.claim.session : taken.kind).toBe('first');
      const view = await queue.readQueue();
      expect(view.running.map((run) => run.session)).toEqual(['first']);
      expect(view.queued.map((request) => request.session)).toEqual(['second']);
      await queue.close();
    } finally {
      await db.close();
      await setup.close();
      await proxy.close();
    }
  });

  it("does not run a live worker's session twice when pg-boss expires its job", async () => {
    const schema = freshSchema();
    const db = new PgDatabase({ url: url ?? '' });
    const observer = new pg.Client({ connectionString: url });
    await observer.connect();
    try {
      await migrateStore(db, schema);
      const options = {
        schema,
        bossSchema: `${schema}_boss`,
        jobExpireSeconds: 1,
        maintenanceIntervalSeconds: 1,
      };
      const queue = await startPostgresQueue(db, options);
      await queue.submit({ session: 'long-run', args: {} });
      const first = await queue.take('alive', { maxPerWorker: 1 }, { leaseMs: 120_000 });
      if (first.kind !== 'claimed') throw new Error(`not claimed: ${first.kind}`);
      const jobState = async (state: string, extra = '') => {
        const found = await observer.query(
          `SELECT 1 FROM ${schema}_boss.job WHERE id = $1 AND state = $2 ${extra}`,
          [first.claim.id, state],
        );
        return found.rows.length === 1 ? true : undefined;
      };
      await pollUntilAsync(() => jobState('retry'), 'pg-boss to expire the active job and queue it again');
      // Another worker's takes fetch the retried job, find the session leased, and put it back.
      await pollUntilAsync(async () => {
        expect((await queue.take('other', { maxPerWorker: 1 }, { leaseMs: 60_000 })).kind).toBe('idle');
        return jobState('completed', "AND output ? 'deferred'");
      }, 'a take to defer the expired job');
      const view = await queue.readQueue();
      expect(view.running.map((run) => [run.session, run.worker])).toEqual([['long-run', 'alive']]);
      expect(view.queued.map((request) => request.session)).toEqual(['long-run']);
      await queue.complete(first.claim, { stopped: 'done' });
      await queue.close();
    } finally {
      await observer.end();
      await db.close();
    }
  });
});
