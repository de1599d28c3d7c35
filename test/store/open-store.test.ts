import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { checkStoreUrl, openStore } from '../../src/store/open-store.js';
import { startPostgres, stopPostgres } from '../helpers/postgres.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

const cluster = await startPostgres('opening the PostgreSQL store from SAMOCODE_STORE');
const url = await cluster?.createDatabase();
afterAll(() => stopPostgres(cluster));
afterEach(() => removeTempTrees());

describe('opening the store SAMOCODE_STORE names', () => {
  it('is the session folder when SAMOCODE_STORE is empty', async () => {
    const sessions = join(makeTempTree({ 'sessions/': '' }), 'sessions');
    for (const value of [undefined, '', '  ']) {
      const opened = await openStore({ url: value, sessionsDir: sessions });
      expect([opened.store.kind, (await opened.queue()).kind]).toEqual(['folder', 'folder']);
      await opened.close();
    }
  });

  it('refuses a value that is neither empty nor a PostgreSQL URL, without echoing a password', () => {
    expect(checkStoreUrl('postgresql://db/samocode')).toBe('postgres');
    expect(() => checkStoreUrl('mysql://root:hunter22@db/samocode')).toThrow(
      'SAMOCODE_STORE must be empty (the session folder) or a PostgreSQL URL such as postgres://user@db.example:5432/samocode, not "mysql://[redacted]@db/samocode"',
    );
  });

  it.skipIf(url === undefined)(
    'migrates a PostgreSQL store on open and starts its queue on first use',
    async () => {
      const opened = await openStore({ url, sessionsDir: '/nonexistent' });
      expect(opened.store.kind).toBe('postgres');
      expect(await opened.store.listSessions()).toEqual([]);
      const queue = await opened.queue();
      expect(queue).toBe(await opened.queue());
      expect((await queue.submit({ session: 'first', args: {} })).kind).toBe('queued');
      await opened.close();
      const again = await openStore({ url, sessionsDir: '/nonexistent' });
      expect((await (await again.queue()).readQueue()).queued.map((request) => request.session)).toEqual([
        'first',
      ]);
      await again.close();
    },
  );
});
