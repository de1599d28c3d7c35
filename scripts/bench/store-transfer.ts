/**
 * `npx tsx scripts/bench/store-transfer.ts [rows]`: how long `store import` and `store export` take
 * for one session of `rows` history rows (default 1000), printed, never asserted: import into a
 * throwaway PostgreSQL (without fsync, as the tests run it), import again (nothing to copy), export
 * into an empty session folder (fsync'd as the runner writes it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFolderStore } from '../../src/store/folder/folder-store.js';
import { openStore } from '../../src/store/open-store.js';
import { type TransferSides, transferSession } from '../../src/store/transfer/transfer-session.js';
import { startPostgres, stopPostgres } from '../../test/helpers/postgres.js';
import { sampleRow, sampleSnapshot } from '../../test/store/store-records.js';

const ROWS = Number(process.argv[2] ?? 1000);
const SESSION = '26-12-07-bench';
const print = (text: string) => process.stdout.write(`${text}\n`);

async function timed(label: string, sides: TransferSides): Promise<void> {
  const start = performance.now();
  const outcome = await transferSession(sides, SESSION);
  print(`${label.padEnd(14)} ${outcome.kind.padEnd(7)} ${(performance.now() - start).toFixed(0)} ms`);
}

const cluster = await startPostgres('bench store transfer');
if (cluster === undefined) throw new Error('PostgreSQL could not start; see the message above');
const dirs = [mkdtempSync(join(tmpdir(), 'samocode-bench-')), mkdtempSync(join(tmpdir(), 'samocode-bench-'))];
try {
  const [from = '', into = ''] = dirs;
  const folder = createFolderStore(from);
  for (let seq = 1; seq <= ROWS; seq += 1)
    await folder.commitTransition(SESSION, {
      snapshot: sampleSnapshot(seq),
      row: { seq, row: sampleRow(seq) },
    });
  const opened = await openStore({ url: await cluster.createDatabase(), sessionsDir: from });
  const exported = createFolderStore(into);
  print(`one session of ${ROWS} rows; load average ${loadavg()[0]?.toFixed(1)}`);
  const importing = { from: folder, to: opened.store, fromWhere: 'folder', where: 'store', worker: 'bench' };
  await timed('import', importing);
  await timed('import again', importing);
  await timed('export', {
    from: opened.store,
    to: exported,
    fromWhere: 'store',
    where: 'folder',
    worker: 'bench',
  });
  await Promise.all([folder.close(), exported.close(), opened.close()]);
} finally {
  stopPostgres(cluster);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}
