/**
 * A lease taker in a process of its own, for the lease race tests (`node --import tsx`): argv is
 * the database URL, the schema and the worker name; each stdin line `<session> <ttl ms>` is one try
 * at the session's lease, answered by one JSON line on stdout. Its leases are never released: a
 * holder stays a holder until it expires or the process is killed.
 */
import { createInterface } from 'node:readline';
import { PgDatabase } from '../../src/store/postgres/pg-database.js';
import { createPostgresStore } from '../../src/store/postgres/postgres-store.js';

const [url, schema, worker] = process.argv.slice(2);
if (url === undefined || schema === undefined || worker === undefined) {
  process.stderr.write('usage: lease-racer.ts <url> <schema> <worker>\n');
  process.exit(2);
}
const db = new PgDatabase({ url, maxConnections: 2 });
const store = createPostgresStore(db, { schema });
process.stdout.write(`${JSON.stringify({ ready: worker })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  const [session, ttl] = line.trim().split(' ');
  if (session === undefined || session === '') continue;
  const result = await store.lease(session, worker, Number(ttl ?? 60_000));
  process.stdout.write(
    `${JSON.stringify({
      session,
      held: result.kind === 'held',
      ...(result.kind === 'held'
        ? { lease: result.lease, tookOverFrom: result.tookOverFrom?.worker ?? null }
        : { holder: result.holder.worker }),
    })}\n`,
  );
}
await db.close();
