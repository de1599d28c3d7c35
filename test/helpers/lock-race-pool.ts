/**
 * A racer pool for the lock race test, run as one child process (`node --import tsx`): N worker
 * threads call `acquireSessionLock` at the same moment (an Atomics barrier), round after round,
 * each round in a fresh folder: `rounds` rounds with no lock file, then `rounds` rounds that start
 * with a stale lock of a dead process. Locks are
 * never released: a holder must stay live until the pool exits. Prints one JSON line of results.
 * Threads share a pid, which the lock treats as one live process; the race is between real
 * syscalls on real files, which is what exclusivity depends on.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { isMainThread, Worker, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { acquireSessionLock, type SessionLock } from '../../src/session/lock.js';

const GO = 0;
const DONE = 1;
const SLOTS = 2;
const HELD = 1;
const REFUSED = 2;
const FAILED = 3;

const WorkerSchema = z.object({
  dir: z.string(),
  index: z.number(),
  shared: z.instanceof(SharedArrayBuffer),
});
const ArgsSchema = z.tuple([z.string(), z.coerce.number(), z.coerce.number(), z.coerce.number()]);

function lockPath(dir: string, round: number): string {
  return join(dir, String(round), '_run.lock');
}

function runWorker(): void {
  const { dir, index, shared } = WorkerSchema.parse(workerData);
  const cells = new Int32Array(shared);
  const held: SessionLock[] = [];
  for (let round = 1; ; round += 1) {
    for (;;) {
      const go = Atomics.load(cells, GO);
      if (go === -1) return;
      if (go >= round) break;
      Atomics.wait(cells, GO, go);
    }
    let result = REFUSED;
    try {
      held.push(acquireSessionLock(lockPath(dir, round)));
      result = HELD;
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'session.locked')) result = FAILED;
    }
    Atomics.store(cells, SLOTS + index, result);
    Atomics.add(cells, DONE, 1);
    Atomics.notify(cells, DONE);
  }
}

/** The folders of `rounds` free rounds, then of `rounds` rounds over a stale lock of `stalePid`. */
function prepareRounds(dir: string, rounds: number, stalePid: number): void {
  for (let round = 1; round <= 2 * rounds; round += 1) {
    mkdirSync(join(dir, String(round)));
    if (round > rounds) {
      writeFileSync(
        lockPath(dir, round),
        JSON.stringify({ pid: stalePid, host: hostname(), startedAt: new Date(0).toISOString() }),
      );
    }
  }
}

async function runPool(): Promise<void> {
  const [dir, racers, rounds, stalePid] = ArgsSchema.parse(process.argv.slice(2));
  const shared = new SharedArrayBuffer(4 * (SLOTS + racers));
  const cells = new Int32Array(shared);
  // A worker does not inherit `--import tsx`; it registers tsx itself, then loads this file.
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const workers = Array.from({ length: racers }, (_, index) => {
    const worker = new Worker(boot, { eval: true, workerData: { dir, index, shared } });
    worker.on('error', (error) => {
      process.stderr.write(`racer ${index} failed: ${String(error)}\n`);
      process.exit(1);
    });
    return worker;
  });
  prepareRounds(dir, rounds, stalePid);
  const bad: { round: number; holders: number; stale: boolean }[] = [];
  let failures = 0;
  for (let round = 1; round <= 2 * rounds; round += 1) {
    Atomics.store(cells, DONE, 0);
    Atomics.store(cells, GO, round);
    Atomics.notify(cells, GO);
    for (;;) {
      const done = Atomics.load(cells, DONE);
      if (done === racers) break;
      Atomics.wait(cells, DONE, done, 1000);
    }
    let holders = 0;
    for (let i = 0; i < racers; i += 1) {
      const result = Atomics.load(cells, SLOTS + i);
      if (result === HELD) holders += 1;
      if (result === FAILED) failures += 1;
    }
    if (holders !== 1) bad.push({ round, holders, stale: round > rounds });
  }
  Atomics.store(cells, GO, -1);
  Atomics.notify(cells, GO);
  await Promise.all(workers.map((worker) => worker.terminate()));
  process.stdout.write(`${JSON.stringify({ rounds, bad, failures })}\n`);
}

if (isMainThread) await runPool();
else runWorker();
