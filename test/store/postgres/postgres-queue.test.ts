import { afterAll, describe, it } from 'vitest';
import { migrateStore } from '../../../src/store/postgres/migrate.js';
import { PgDatabase } from '../../../src/store/postgres/pg-database.js';
import { startPostgresQueue } from '../../../src/store/postgres/postgres-queue.js';
import { createPostgresStore } from '../../../src/store/postgres/postgres-store.js';
import type { SessionQueue } from '../../../src/store/session-queue.js';
import { freshSchema, startPostgres, stopPostgres } from '../../helpers/postgres.js';
import { describeSessionQueueContract } from '../session-queue-contract.js';

const cluster = await startPostgres('the PostgreSQL session queue contract');
const url = await cluster?.createDatabase();
afterAll(() => stopPostgres(cluster));

if (url === undefined) {
  describe('the PostgreSQL session queue contract', () => {
    it.skip('needs PostgreSQL (see the message above)', () => undefined);
  });
} else {
  describeSessionQueueContract('postgres', async () => {
    const schema = freshSchema();
    const opened: { db: PgDatabase; queue: SessionQueue }[] = [];
    const openSide = async () => {
      const db = new PgDatabase({ url });
      await migrateStore(db, schema);
      const queue = await startPostgresQueue(db, { schema, bossSchema: `${schema}_boss` });
      opened.push({ db, queue });
      return { store: createPostgresStore(db, { schema }), queue };
    };
    return {
      ...(await openSide()),
      openOther: openSide,
      dispose: async () => {
        for (const side of opened) {
          await side.queue.close();
          await side.db.close();
        }
      },
    };
  });
}
