/** A take is run again after a lost connection; when its COMMIT had landed, the retry must return that claim, not take a second. */
import { afterAll, describe, expect, it } from 'vitest';
import { migrateStore } from '../../../src/store/postgres/migrate.js';
import { PgDatabase } from '../../../src/store/postgres/pg-database.js';
import { startPostgresQueue } from '../../../src/store/postgres/postgres-queue.js';
import { startCuttingProxy } from '../../helpers/cutting-proxy.js';
import { freshSchema, startPostgres, stopPostgres } from '../../helpers/postgres.js';

const cluster = await startPostgres('the PostgreSQL queue retry test');
const url = await cluster?.createDatabase();
afterAll(() => stopPostgres(cluster));

describe.skipIf(url === undefined)('a take whose answer is lost', () => {
  it('returns the claim its first try made and leaves the other requests queued', async () => {
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
});
