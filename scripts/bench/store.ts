/**
 * `npm run bench:store`: what the session store costs per transition, printed, never asserted.
 * Each store commits the same series of transitions (a real machine snapshot, a history row, the
 * overview, an agent file every fifth time) and reads the session as `status` would. Stores: the
 * session folder (fsync'd as the runner writes it today), PostgreSQL with its default durability
 * (fsync, synchronous commit), and PostgreSQL without fsync (as the tests run it). PostgreSQL is a
 * throwaway local cluster, or `SAMOCODE_BENCH_STORE_URL` for a real server.
 * `BENCH_STORE_COMMITS` (default 300) sizes the series.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFolderStore } from '../../src/store/folder/folder-store.js';
import { migrateStore } from '../../src/store/postgres/migrate.js';
import { PgDatabase } from '../../src/store/postgres/pg-database.js';
import { createPostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { SessionStore } from '../../src/store/session-store.js';
import { startPostgres, stopPostgres } from '../../test/helpers/postgres.js';
import { sampleRow, sampleSnapshot } from '../../test/store/store-records.js';

const COMMITS = Number(process.env.BENCH_STORE_COMMITS ?? 300);
const WARMUP = 20;
const print = (text: string) => process.stdout.write(`${text}\n`);

const OVERVIEW = `# Session: bench\n\n## Status\nPhase: implementation\n${'- [012 @ 2026-12-07 12:00] samocode: implementation.running → testing.running\n'.repeat(20)}`;
const PLAN = `# Plan\n${'1. a step of the plan, with enough words to look like one\n'.repeat(70)}`;

interface Figures {
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly meanMs: number;
  readonly cpuMs: number;
}

async function measure(count: number, step: (i: number) => Promise<void>): Promise<Figures> {
  const times: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < count; i += 1) {
    const start = performance.now();
    await step(i);
    times.push(performance.now() - start);
  }
  const used = process.cpuUsage(cpu);
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    medianMs: at(0.5),
    p95Ms: at(0.95),
    meanMs: times.reduce((sum, ms) => sum + ms, 0) / Math.max(1, times.length),
    cpuMs: (used.user + used.system) / 1000 / Math.max(1, count),
  };
}

async function benchStore(store: SessionStore): Promise<{ commit: Figures; read: Figures }> {
  const session = '26-12-07-bench';
  const commitAt = async (seq: number) =>
    store.commitTransition(session, {
      snapshot: sampleSnapshot(seq),
      row: { seq, row: sampleRow(seq) },
      overview: OVERVIEW,
      ...(seq % 5 === 0 ? { files: { 'plan.md': `${PLAN}${seq}\n` } } : {}),
    });
  for (let seq = 1; seq <= WARMUP; seq += 1) await commitAt(seq);
  const commit = await measure(COMMITS, (i) => commitAt(WARMUP + i + 1));
  const read = await measure(Math.min(COMMITS, 100), async () => {
    await store.readSession(session, { rows: 20 });
  });
  return { commit, read };
}

const ms = (value: number) => `${value.toFixed(2)} ms`;
const line = (name: string, figures: Figures) =>
  `${name.padEnd(38)} median ${ms(figures.medianMs).padStart(9)}  p95 ${ms(figures.p95Ms).padStart(9)}  mean ${ms(figures.meanMs).padStart(9)}  samocode CPU ${ms(figures.cpuMs)}`;

print(
  `# store bench — ${new Date().toISOString()}, ${COMMITS} commits per store, load ${loadavg()[0]?.toFixed(1)}`,
);
const results: { name: string; commit: Figures; read: Figures }[] = [];

const scratch = mkdtempSync(join(tmpdir(), 'samocode-bench-store-'));
try {
  const folder = createFolderStore(scratch);
  results.push({ name: 'folder (fsync, today’s files)', ...(await benchStore(folder)) });
  await folder.close();
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

async function benchPostgres(name: string, url: string): Promise<void> {
  const db = new PgDatabase({ url });
  await migrateStore(db, 'samocode');
  const store = createPostgresStore(db);
  results.push({ name, ...(await benchStore(store)) });
  await db.close();
}

const external = process.env.SAMOCODE_BENCH_STORE_URL;
if (external) await benchPostgres('PostgreSQL (SAMOCODE_BENCH_STORE_URL)', external);
else {
  for (const isDurable of [true, false]) {
    const cluster = await startPostgres('the store bench', { isDurable });
    if (cluster === undefined) break;
    try {
      await benchPostgres(
        isDurable ? 'PostgreSQL 127.0.0.1 (fsync, default)' : 'PostgreSQL 127.0.0.1 (fsync off)',
        await cluster.createDatabase(),
      );
    } finally {
      stopPostgres(cluster);
    }
  }
}

print('\n## commit a transition (snapshot + row + overview; a 4 KB file every 5th)');
for (const result of results) print(line(result.name, result.commit));
print('\n## read a session (settings, snapshot, 20 rows, overview, files)');
for (const result of results) print(line(result.name, result.read));
const folder = results[0];
if (folder) {
  print('\n## against the folder (median per commit)');
  for (const result of results.slice(1))
    print(
      `${result.name}: ${(result.commit.medianMs / folder.commit.medianMs).toFixed(2)}× the folder, ${ms(Math.abs(result.commit.medianMs - folder.commit.medianMs))} ${result.commit.medianMs >= folder.commit.medianMs ? 'more' : 'less'} per transition`,
    );
}
print(`(load average at the end: ${loadavg()[0]?.toFixed(1)})`);
