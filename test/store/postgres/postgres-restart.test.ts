/**
 * PostgreSQL stopped for 20 s while a session commits transition after transition: the commits
 * wait, say so, and go on once the server is back, with every history row stored once, in order.
 * The queue (pg-boss, its maintenance running through the outage) works again afterwards.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { migrateStore } from '../../../src/store/postgres/migrate.js';
import { PgDatabase } from '../../../src/store/postgres/pg-database.js';
import { startPostgresQueue } from '../../../src/store/postgres/postgres-queue.js';
import { createPostgresStore } from '../../../src/store/postgres/postgres-store.js';
import type { StoreNotice } from '../../../src/store/postgres/wait-policy.js';
import { freshSchema, startPostgres, stopPostgres } from '../../helpers/postgres.js';
import { pollUntil } from '../../helpers/processes.js';
import { iterationsOf, sampleRow, sampleSnapshot } from '../store-records.js';

const cluster = await startPostgres('the PostgreSQL restart test');
const url = await cluster?.createDatabase();
afterAll(() => stopPostgres(cluster));

const OUTAGE_MS = 20_000;
const SESSION = '26-12-07-restart';

describe.skipIf(cluster === undefined || url === undefined)('PostgreSQL stopped mid-session', () => {
  it('makes the commits wait and say so, then continue with no row lost or doubled', async () => {
    if (cluster === undefined || url === undefined) return;
    const schema = freshSchema();
    const notices: StoreNotice[] = [];
    const warnings: string[] = [];
    const db = new PgDatabase({ url, onNotice: (notice) => notices.push(notice) });
    await migrateStore(db, schema);
    const store = createPostgresStore(db, { schema });
    const queue = await startPostgresQueue(db, {
      schema,
      bossSchema: `${schema}_boss`,
      maintenanceIntervalSeconds: 1,
      warn: (message) => warnings.push(message),
    });

    let committed = 0;
    let committedAfterRestart = 0;
    let isRestarted = false;
    const series = (async () => {
      for (let seq = 1; !isRestarted || committedAfterRestart < 10; seq += 1) {
        await store.commitTransition(SESSION, {
          snapshot: sampleSnapshot(seq),
          row: { seq, row: sampleRow(seq) },
        });
        committed = seq;
        if (isRestarted) committedAfterRestart += 1;
      }
    })();

    await pollUntil(() => (committed >= 10 ? true : undefined), 'ten commits', 60_000);
    const stoppedAt = Date.now();
    await cluster.stopServer();
    const stoppedWith = committed;
    await pollUntil(
      () => notices.find((notice) => notice.kind === 'waiting'),
      'the store to say it waits',
      60_000,
    );
    // The outage lasts 20 s: an input of the test, not something it measures.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - stoppedAt))));
    expect(committed - stoppedWith).toBeLessThanOrEqual(1);
    await cluster.startServer();
    isRestarted = true;
    await series;

    const record = await store.readSession(SESSION, { rows: 1000 });
    expect(record?.rows.map((entry) => entry.seq)).toEqual(
      Array.from({ length: committed }, (_, i) => i + 1),
    );
    expect(record?.lastSeq).toBe(committed);
    expect(iterationsOf(record?.snapshot)).toBe(committed);
    const waiting = notices.filter((notice) => notice.kind === 'waiting');
    expect(waiting.length).toBeGreaterThan(2);
    const commitWaits = waiting.filter((notice) => notice.what === `commit a transition of ${SESSION}`);
    expect(Math.max(...commitWaits.map((notice) => notice.waitedMs))).toBeGreaterThanOrEqual(OUTAGE_MS / 2);
    expect(waiting[0]?.message).toMatch(
      /^PostgreSQL 127\.0\.0\.1:\d+\/\S+ is unreachable \(.+\); .+ waits and tries again in/,
    );
    expect(notices.some((notice) => notice.kind === 'back' && notice.message.includes('is back after'))).toBe(
      true,
    );

    expect((await queue.submit({ session: SESSION, args: { task: 'after the outage' } })).kind).toBe(
      'queued',
    );
    const taken = await queue.take('worker-1', { maxPerWorker: 1 }, { leaseMs: 60_000 });
    expect(taken.kind === 'claimed' ? taken.claim.args : taken.kind).toEqual({ task: 'after the outage' });
    if (taken.kind === 'claimed') await queue.complete(taken.claim, { stopped: 'done' });
    await queue.close();
    await db.close();
  });
});
