/**
 * A queue taker in a process of its own, for the take race test (`node --import tsx`): argv is the
 * database URL, the schema and the worker name; each stdin line `take` is one `take`, answered by
 * one JSON line on stdout with the session it claimed (or null). Its claims are kept: a worker that
 * holds a session holds it until the test ends.
 */
import { createInterface } from 'node:readline';
import { PgDatabase } from '../../src/store/postgres/pg-database.js';
import { startPostgresQueue } from '../../src/store/postgres/postgres-queue.js';

const [url, schema, worker] = process.argv.slice(2);
if (url === undefined || schema === undefined || worker === undefined) {
  process.stderr.write('usage: take-racer.ts <url> <schema> <worker>\n');
  process.exit(2);
}
const db = new PgDatabase({ url, maxConnections: 2 });
const queue = await startPostgresQueue(db, { schema, bossSchema: `${schema}_boss` });
process.stdout.write(`${JSON.stringify({ ready: worker })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== 'take') continue;
  const taken = await queue.take(worker, { maxPerWorker: 1_000 }, { leaseMs: 600_000 });
  process.stdout.write(
    `${JSON.stringify({ kind: taken.kind, session: taken.kind === 'claimed' ? taken.claim.session : null })}\n`,
  );
}
await queue.close();
await db.close();
