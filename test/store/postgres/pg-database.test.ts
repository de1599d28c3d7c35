import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { describeServer, PgDatabase } from '../../../src/store/postgres/pg-database.js';
import type { StoreNotice } from '../../../src/store/postgres/wait-policy.js';

/** A port nothing listens on: bound, read, closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

describe('the PostgreSQL pool', () => {
  it('names the server without its user or password', () => {
    expect(describeServer('postgres://alice:s3cret@db.example:5433/samocode')).toBe(
      'db.example:5433/samocode',
    );
    expect(describeServer('postgresql://db/samocode')).toBe('db:5432/samocode');
    expect(describeServer('not a url')).toBe('(SAMOCODE_STORE)');
  });

  it('waits for an unreachable server, says so at each try, and gives up after maxWaitMs with a clear error', async () => {
    const port = await closedPort();
    const notices: StoreNotice[] = [];
    const db = new PgDatabase({
      url: `postgres://alice:s3cret@127.0.0.1:${port}/samocode`,
      maxWaitMs: 1500,
      onNotice: (notice) => notices.push(notice),
    });
    const failure = await db
      .run('list sessions', (client) => client.query('SELECT 1'))
      .catch((error: unknown) => error);
    await db.close();
    expect(failure).toMatchObject({ code: 'store.unreachable' });
    const message = failure instanceof Error ? failure.message : '';
    expect(message).toMatch(
      new RegExp(
        `^PostgreSQL 127\\.0\\.0\\.1:${port}/samocode stayed unreachable for \\d+ s \\(ECONNREFUSED: .*\\) during list sessions: start the server or fix SAMOCODE_STORE`,
      ),
    );
    expect(message).not.toContain('s3cret');
    expect(notices.length).toBeGreaterThan(1);
    expect(notices.every((notice) => notice.kind === 'waiting' && !notice.message.includes('s3cret'))).toBe(
      true,
    );
  });
});
