/**
 * A transition is one transaction: a connection killed in the middle of it leaves nothing of it,
 * and the commit, run again once it can, lands exactly once; a COMMIT whose answer was lost is
 * not doubled by its retry.
 */
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateStore } from '../../../src/store/postgres/migrate.js';
import { PgDatabase } from '../../../src/store/postgres/pg-database.js';
import { createPostgresStore } from '../../../src/store/postgres/postgres-store.js';
import type { StoreNotice } from '../../../src/store/postgres/wait-policy.js';
import type { SessionStore } from '../../../src/store/session-store.js';
import { type CuttingProxy, startCuttingProxy } from '../../helpers/cutting-proxy.js';
import { freshSchema, startPostgres, stopPostgres } from '../../helpers/postgres.js';
import { pollUntil } from '../../helpers/processes.js';
import { iterationsOf, sampleRow, sampleSnapshot } from '../store-records.js';

const cluster = await startPostgres('the PostgreSQL commit tests');
const url = await cluster?.createDatabase();
afterAll(() => stopPostgres(cluster));

const SESSION = '26-12-07-atomic';
const APP = 'samocode-under-test';

async function asyncPoll<T>(
  check: () => Promise<T | undefined>,
  what: string,
  deadlineMs = 60_000,
): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() >= until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.skipIf(url === undefined)('a PostgreSQL commit is all or nothing', () => {
  let observer: pg.Client;
  let schema: string;
  let db: PgDatabase;
  let store: SessionStore;
  let notices: StoreNotice[];
  let proxy: CuttingProxy | undefined;
  let blocker: pg.Client | undefined;

  /** What another connection sees; the agent files only when nobody holds their table locked. */
  const stored = async (withFiles = true) => {
    const session = await observer.query(
      `SELECT last_seq, snapshot FROM ${schema}.sessions WHERE name = $1`,
      [SESSION],
    );
    const rows = await observer.query(
      `SELECT seq FROM ${schema}.history_rows WHERE session = $1 ORDER BY seq`,
      [SESSION],
    );
    const files = withFiles
      ? await observer.query(`SELECT path FROM ${schema}.agent_files WHERE session = $1 ORDER BY path`, [
          SESSION,
        ])
      : undefined;
    return {
      lastSeq: Number(session.rows[0]?.last_seq),
      iterations: iterationsOf(session.rows[0]?.snapshot),
      seqs: rows.rows.map((row) => Number(row.seq)),
      ...(files ? { files: files.rows.map((row) => String(row.path)) } : {}),
    };
  };

  beforeEach(async () => {
    schema = freshSchema();
    notices = [];
    observer = new pg.Client({ connectionString: url });
    await observer.connect();
    const setup = new PgDatabase({ url: url ?? '' });
    await migrateStore(setup, schema);
    await setup.close();
  });

  afterEach(async () => {
    await blocker?.end();
    blocker = undefined;
    await db.close();
    await observer.end();
    await proxy?.close();
    proxy = undefined;
  });

  it('leaves nothing of a transaction whose connection is killed midway, then lands it once', async () => {
    db = new PgDatabase({ url: url ?? '', applicationName: APP, onNotice: (notice) => notices.push(notice) });
    store = createPostgresStore(db, { schema });
    await store.commitTransition(SESSION, {
      snapshot: sampleSnapshot(1),
      row: { seq: 1, row: sampleRow(1) },
    });

    // Agent files are written last in the transaction: while they are locked, the commit stops there.
    const lock = new pg.Client({ connectionString: url });
    blocker = lock;
    await lock.connect();
    await lock.query('BEGIN');
    await lock.query(`LOCK TABLE ${schema}.agent_files IN ACCESS EXCLUSIVE MODE`);
    const waitingBackend = async () => {
      const found = await observer.query(
        `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`,
        [APP],
      );
      return found.rows[0] === undefined ? undefined : Number(found.rows[0].pid);
    };
    const commit = store.commitTransition(SESSION, {
      snapshot: sampleSnapshot(2),
      row: { seq: 2, row: sampleRow(2) },
      overview: 'after 2\n',
      files: { 'notes.md': 'two\n' },
    });
    const first = await asyncPoll(waitingBackend, 'the commit to wait on the agent files');
    // Midway: the session row and history row 2 are written inside the open transaction.
    const midway = await observer.query(
      `SELECT l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
        WHERE l.pid = $1 AND c.relname = 'history_rows' AND l.granted`,
      [first],
    );
    expect(midway.rows.map((row) => row.mode)).toContain('RowExclusiveLock');
    await observer.query('SELECT pg_terminate_backend($1)', [first]);

    await pollUntil(() => notices.find((notice) => notice.kind === 'waiting'), 'a waiting notice', 60_000);
    expect(await stored(false)).toEqual({ lastSeq: 1, iterations: 1, seqs: [1] });

    // The commit runs again from the start and waits on the lock once more; let it through.
    await asyncPoll(async () => {
      const pid = await waitingBackend();
      return pid !== undefined && pid !== first ? pid : undefined;
    }, 'the retried commit to reach the lock');
    await lock.query('ROLLBACK');
    await commit;

    expect(await stored()).toEqual({ lastSeq: 2, iterations: 2, seqs: [1, 2], files: ['notes.md'] });
    expect(notices.at(-1)?.kind).toBe('back');
    expect(notices[0]?.message).toMatch(
      /PostgreSQL 127\.0\.0\.1:\d+\/\S+ is unreachable \(57P01: .*\); commit a transition of 26-12-07-atomic waits/,
    );
  });

  it('does not double a row when the answer to its COMMIT is lost and the commit runs again', async () => {
    proxy = await startCuttingProxy(cluster?.port ?? 0);
    db = new PgDatabase({
      url: `postgres://postgres@127.0.0.1:${proxy.port}${new URL(url ?? '').pathname}`,
      onNotice: (notice) => notices.push(notice),
    });
    store = createPostgresStore(db, { schema });
    await store.commitTransition(SESSION, {
      snapshot: sampleSnapshot(1),
      row: { seq: 1, row: sampleRow(1) },
    });
    proxy.arm();
    await store.commitTransition(SESSION, {
      snapshot: sampleSnapshot(2),
      row: { seq: 2, row: sampleRow(2) },
      files: { 'plan.md': 'plan\n' },
    });
    expect(proxy.cuts()).toBe(1);
    expect(notices.map((notice) => notice.kind)).toEqual(['waiting', 'back']);
    expect(await stored()).toEqual({ lastSeq: 2, iterations: 2, seqs: [1, 2], files: ['plan.md'] });
    await store.commitTransition(SESSION, {
      snapshot: sampleSnapshot(3),
      row: { seq: 3, row: sampleRow(3) },
    });
    expect((await stored()).seqs).toEqual([1, 2, 3]);
  });
});
