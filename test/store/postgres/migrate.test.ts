/** The store's schema is created and migrated by samocode, once, however many workers start at once. */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateStore } from '../../../src/store/postgres/migrate.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src/store/postgres/migrations.js';
import { PgDatabase } from '../../../src/store/postgres/pg-database.js';
import { startPostgresQueue } from '../../../src/store/postgres/postgres-queue.js';
import { createPostgresStore } from '../../../src/store/postgres/postgres-store.js';
import { freshSchema, startPostgres, stopPostgres } from '../../helpers/postgres.js';
import { sampleRow, sampleSnapshot } from '../store-records.js';

const cluster = await startPostgres('the PostgreSQL migration tests');
const url = await cluster?.createDatabase();
afterAll(() => stopPostgres(cluster));

async function tablesOf(schema: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const found = await client.query(
      'SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename',
      [schema],
    );
    return found.rows.map((row) => String(row.tablename));
  } finally {
    await client.end();
  }
}

describe.skipIf(url === undefined)('store migrations', () => {
  it('creates the schema once when run twice, and records its version', async () => {
    const schema = freshSchema();
    const db = new PgDatabase({ url: url ?? '' });
    expect(await migrateStore(db, schema)).toEqual({ from: 0, to: SCHEMA_VERSION });
    expect(await migrateStore(db, schema)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION });
    await db.close();
    expect(await tablesOf(schema)).toEqual([
      'agent_files',
      'claims',
      'decisions',
      'history_rows',
      'runs',
      'samocode_schema',
      'sessions',
    ]);
  });

  it('migrates once when six workers start at the same moment', async () => {
    const schema = freshSchema();
    const dbs = Array.from({ length: 6 }, () => new PgDatabase({ url: url ?? '' }));
    try {
      const results = await Promise.all(dbs.map((db) => migrateStore(db, schema)));
      expect(results.filter((result) => result.from === 0)).toHaveLength(1);
      expect(results.every((result) => result.to === SCHEMA_VERSION)).toBe(true);
    } finally {
      for (const db of dbs) await db.close();
    }
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const versions = await client.query(`SELECT version FROM ${schema}.samocode_schema`);
    await client.end();
    expect(versions.rows.map((row) => row.version).sort()).toEqual([1, 2]);
  });

  it('starts the queue (pg-boss schema and queue) from four workers at once', async () => {
    const schema = freshSchema();
    const dbs = Array.from({ length: 4 }, () => new PgDatabase({ url: url ?? '' }));
    try {
      await migrateStore(dbs[0] ?? new PgDatabase({ url: url ?? '' }), schema);
      const queues = await Promise.all(
        dbs.map((db) => startPostgresQueue(db, { schema, bossSchema: `${schema}_boss` })),
      );
      expect((await queues[0]?.submit({ session: 's-1', args: {} }))?.kind).toBe('queued');
      expect((await queues[1]?.submit({ session: 's-1', args: {} }))?.kind).toBe('already-queued');
      for (const queue of queues) await queue.close();
    } finally {
      for (const db of dbs) await db.close();
    }
  });

  it('migrates a store of schema version 1 to the current one, keeping its sessions and rows', async () => {
    const schema = freshSchema();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const s = `"${schema}"`;
    await client.query(`CREATE SCHEMA ${s}`);
    await client.query(
      `CREATE TABLE ${s}.samocode_schema (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT clock_timestamp())`,
    );
    for (const statement of MIGRATIONS[0]?.statements(s) ?? []) await client.query(statement);
    await client.query(`INSERT INTO ${s}.samocode_schema (version, name) VALUES (1, 'v1')`);
    await client.query(
      `INSERT INTO ${s}.sessions (name, snapshot, last_seq) VALUES ('26-12-07-old', $1::jsonb, 1)`,
      [JSON.stringify(sampleSnapshot(1))],
    );
    await client.query(
      `INSERT INTO ${s}.history_rows (session, seq, row) VALUES ('26-12-07-old', 1, $1::jsonb)`,
      [JSON.stringify(sampleRow(1))],
    );
    await client.end();

    const db = new PgDatabase({ url: url ?? '' });
    expect(await migrateStore(db, schema)).toEqual({ from: 1, to: SCHEMA_VERSION });
    const store = createPostgresStore(db, { schema });
    const record = await store.readSession('26-12-07-old');
    expect(record?.rows).toEqual([{ seq: 1, row: sampleRow(1) }]);
    expect(record?.notified).toBeUndefined();
    await store.commitTransition('26-12-07-old', { snapshot: sampleSnapshot(2), notified: ['blocked:2'] });
    expect((await store.readSession('26-12-07-old'))?.notified).toEqual(['blocked:2']);
    await db.close();
  });

  it('refuses a store migrated by a newer samocode, naming both versions', async () => {
    const schema = freshSchema();
    const db = new PgDatabase({ url: url ?? '' });
    await migrateStore(db, schema);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(
      `INSERT INTO ${schema}.samocode_schema (version, name) VALUES (99, 'from the future')`,
    );
    await client.end();
    await expect(migrateStore(db, schema)).rejects.toMatchObject({
      code: 'store.schema-newer',
      message: expect.stringContaining(
        `schema version 99, written by a newer samocode; this one knows up to ${SCHEMA_VERSION}`,
      ),
    });
    await db.close();
  });
});
