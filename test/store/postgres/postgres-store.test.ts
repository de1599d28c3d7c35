import { afterAll, describe, it } from 'vitest';
import { migrateStore } from '../../../src/store/postgres/migrate.js';
import { PgDatabase } from '../../../src/store/postgres/pg-database.js';
import { createPostgresStore } from '../../../src/store/postgres/postgres-store.js';
import type { SessionStore } from '../../../src/store/session-store.js';
import { freshSchema, startPostgres, stopPostgres } from '../../helpers/postgres.js';
import { describeSessionStoreContract } from '../session-store-contract.js';

const cluster = await startPostgres('the PostgreSQL session store contract');
const url = await cluster?.createDatabase();
afterAll(() => stopPostgres(cluster));

if (url === undefined) {
  describe('the PostgreSQL session store contract', () => {
    it.skip('needs PostgreSQL (see the message above)', () => undefined);
  });
} else {
  describeSessionStoreContract('postgres', async () => {
    const schema = freshSchema();
    const open: { db: PgDatabase; store: SessionStore }[] = [];
    const openOne = async () => {
      const db = new PgDatabase({ url });
      await migrateStore(db, schema);
      const store = createPostgresStore(db, { schema });
      open.push({ db, store });
      return store;
    };
    const store = await openOne();
    return {
      store,
      openOther: openOne,
      dispose: async () => {
        for (const item of open) await item.db.close();
      },
    };
  });
}
