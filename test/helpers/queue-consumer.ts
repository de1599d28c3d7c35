/**
 * A queue worker in a process of its own, for the queue tests (`node --import tsx`). argv: url,
 * schema, worker, account, max per account, max per worker, lease ms, mode. It prints
 * `{"ready":…}` and waits for a `go` line on stdin. `drain` takes and runs claims (each held a
 * short, varying while, as a run would) until nothing is queued or running, then prints how many
 * it ran; `hold` takes one claim, prints it, and keeps it without renewing (to be killed).
 */
import { createInterface } from 'node:readline';
import { PgDatabase } from '../../src/store/postgres/pg-database.js';
import { startPostgresQueue } from '../../src/store/postgres/postgres-queue.js';

const [url, schema, worker, account, maxPerAccount, maxPerWorker, leaseMs, mode] = process.argv.slice(2);
if (mode === undefined || url === undefined || schema === undefined || worker === undefined) {
  process.stderr.write(
    'usage: queue-consumer.ts <url> <schema> <worker> <account> <max/account> <max/worker> <lease ms> drain|hold\n',
  );
  process.exit(2);
}
const db = new PgDatabase({ url, maxConnections: 4 });
const queue = await startPostgresQueue(db, { schema, bossSchema: `${schema}_boss` });
const limits = {
  maxPerWorker: Number(maxPerWorker),
  ...(account ? { account, maxPerAccount: Number(maxPerAccount) } : {}),
};
const lease = { leaseMs: Number(leaseMs) };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

process.stdout.write(`${JSON.stringify({ ready: worker })}\n`);
for await (const line of createInterface({ input: process.stdin })) if (line.trim() === 'go') break;
// Nothing more is read: an open stdin would keep the process alive after its work.
process.stdin.destroy();

if (mode === 'hold') {
  for (;;) {
    const taken = await queue.take(worker, limits, lease);
    if (taken.kind === 'claimed') {
      process.stdout.write(`${JSON.stringify({ claim: taken.claim })}\n`);
      await new Promise(() => undefined);
    }
    await sleep(20);
  }
}

let ran = 0;
const inFlight = new Set<Promise<void>>();
for (;;) {
  const taken = await queue.take(worker, limits, lease);
  if (taken.kind === 'claimed') {
    ran += 1;
    const run = (async () => {
      await sleep(150 + Math.random() * 250);
      await queue.complete(taken.claim, { by: worker });
    })();
    inFlight.add(run);
    void run.finally(() => inFlight.delete(run));
    continue;
  }
  if (taken.kind === 'idle' && inFlight.size === 0) {
    const view = await queue.readQueue();
    if (view.queued.length === 0 && view.running.length === 0) break;
  }
  await sleep(20);
}
process.stdout.write(`${JSON.stringify({ ran })}\n`);
await queue.close();
await db.close();
