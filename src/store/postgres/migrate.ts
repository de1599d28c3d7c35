/**
 * Creates or migrates the store's schema. Every step runs in one transaction that first takes a
 * transaction-scoped advisory lock, so workers that start at once migrate one after the other and
 * the later ones find nothing left to do; a failed migration leaves the schema as it was.
 */
import { SamocodeError } from '../../errors.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
import type { PgDatabase } from './pg-database.js';

/** Advisory lock keys of samocode (two int4 keys: "samo", then a purpose). */
export const LOCK_SPACE = 0x73616d6f;
export const MIGRATE_LOCK = 1;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,40}$/;

/** The schema name quoted for SQL; only plain lower-case names are accepted. */
export function quoteSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new SamocodeError(
      'store.schema-name',
      `invalid schema name "${schema.slice(0, 60)}": use lower-case letters, digits and '_', e.g. samocode`,
    );
  }
  return `"${schema}"`;
}

export interface MigrationResult {
  readonly from: number;
  readonly to: number;
}

export async function migrateStore(db: PgDatabase, schema: string): Promise<MigrationResult> {
  const s = quoteSchema(schema);
  return db.transaction('migrate the store schema', async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_SPACE, MIGRATE_LOCK]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${s}.samocode_schema (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`,
    );
    const found = await client.query<{ version: number | null }>(
      `SELECT max(version) AS version FROM ${s}.samocode_schema`,
    );
    const from = found.rows[0]?.version ?? 0;
    if (from > SCHEMA_VERSION) {
      throw new SamocodeError(
        'store.schema-newer',
        `the store ${db.server} has schema version ${from}, written by a newer samocode; this one knows up to ${SCHEMA_VERSION}: upgrade samocode on this machine`,
      );
    }
    for (const migration of MIGRATIONS.filter((item) => item.version > from)) {
      for (const statement of migration.statements(s)) await client.query(statement);
      await client.query(`INSERT INTO ${s}.samocode_schema (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
    }
    return { from, to: SCHEMA_VERSION };
  });
}
