/**
 * The queue across worker processes: the per-account limit holds across two workers (measured
 * from the store's own record of runs), and the claim of a worker killed with SIGKILL passes to
 * another once its lease expires.
 */
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { execa, type ResultPromise } from 'execa';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { migrateStore } from '../../../src/store/postgres/migrate.js';
import { PgDatabase } from '../../../src/store/postgres/pg-database.js';
import { startPostgresQueue } from '../../../src/store/postgres/postgres-queue.js';
import { freshSchema, startPostgres, stopPostgres } from '../../helpers/postgres.js';
import { waitForDeath } from '../../helpers/processes.js';
import { maxOverlap } from '../../helpers/run-overlap.js';

const cluster = await startPostgres('the PostgreSQL queue worker tests');
const url = await cluster?.createDatabase();
afterAll(() => stopPostgres(cluster));

const CONSUMER = join(import.meta.dirname, '../../helpers/queue-consumer.ts');

interface Consumer {
  readonly child: ResultPromise;
  next(): Promise<unknown>;
  go(): void;
}

const started: Consumer[] = [];
afterEach(async () => {
  for (const consumer of started.splice(0)) {
    consumer.child.kill('SIGKILL');
    await consumer.child;
  }
});

async function startConsumer(args: readonly string[]): Promise<Consumer> {
  const child = execa(process.execPath, ['--import', 'tsx', CONSUMER, url ?? '', ...args], {
    stdin: 'pipe',
    stdout: 'pipe',
    stderr: 'inherit',
    reject: false,
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const consumer: Consumer = {
    child,
    next: async () => {
      const line = await lines.next();
      if (line.done) throw new Error('the consumer ended early');
      return JSON.parse(line.value);
    },
    go: () => child.stdin?.write('go\n'),
  };
  started.push(consumer);
  await consumer.next();
  return consumer;
}

describe.skipIf(url === undefined)('queue workers in processes of their own', () => {
  it('never runs more than the account allows across two workers, counted from the store', async () => {
    const schema = freshSchema();
    const db = new PgDatabase({ url: url ?? '' });
    await migrateStore(db, schema);
    const queue = await startPostgresQueue(db, { schema, bossSchema: `${schema}_boss` });
    const sessions = Array.from({ length: 12 }, (_, i) => `session-${i + 1}`);
    for (const session of sessions) await queue.submit({ session, args: {} });
    const workers = await Promise.all(
      ['worker-a', 'worker-b'].map((worker) =>
        startConsumer([schema, worker, 'team', '2', '3', '60000', 'drain']),
      ),
    );
    for (const worker of workers) worker.go();
    const ran = await Promise.all(
      workers.map(async (worker) => z.object({ ran: z.number() }).parse(await worker.next()).ran),
    );
    for (const worker of workers) expect((await worker.child).exitCode).toBe(0);

    const view = await queue.readQueue();
    expect(view.running).toEqual([]);
    expect(view.finished.map((run) => run.session).sort()).toEqual([...sessions].sort());
    expect(ran.reduce((sum, count) => sum + count, 0)).toBe(12);
    expect(ran.every((count) => count > 0)).toBe(true);
    expect(maxOverlap(view.finished.filter((run) => run.account === 'team'))).toBe(2);
    await queue.close();
    await db.close();
  });

  it('hands the claim of a worker killed with SIGKILL to another once its lease expires', async () => {
    const schema = freshSchema();
    const db = new PgDatabase({ url: url ?? '' });
    await migrateStore(db, schema);
    const queue = await startPostgresQueue(db, { schema, bossSchema: `${schema}_boss` });
    await queue.submit({ session: 'victim', args: { task: 'keep going' } });
    const doomed = await startConsumer([schema, 'doomed', '', '0', '1', '3000', 'hold']);
    doomed.go();
    const held = z
      .object({ claim: z.object({ session: z.string(), lease: z.object({ expiresAt: z.string() }) }) })
      .parse(await doomed.next());
    expect(held.claim.session).toBe('victim');
    doomed.child.kill('SIGKILL');
    expect(await waitForDeath([doomed.child.pid ?? 0], 30_000)).toEqual([]);

    expect((await queue.take('heir', { maxPerWorker: 1 }, { leaseMs: 60_000 })).kind).toBe('idle');
    let claim: { session: string; startedAt: string; args: unknown } | undefined;
    for (const until = Date.now() + 120_000; claim === undefined && Date.now() < until; ) {
      const taken = await queue.take('heir', { maxPerWorker: 1 }, { leaseMs: 60_000 });
      if (taken.kind === 'claimed') claim = taken.claim;
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(claim).toMatchObject({ session: 'victim', args: { task: 'keep going' } });
    expect(Date.parse(claim?.startedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(held.claim.lease.expiresAt));
    const finished = (await queue.readQueue()).finished;
    expect(finished.map((run) => [run.worker, run.outcome])).toEqual([
      ['doomed', { failed: 'worker doomed stopped renewing its lease of victim' }],
    ]);
    await queue.close();
    await db.close();
  });
});
