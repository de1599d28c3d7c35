/**
 * Runs the fault files and writes their tables into docs/RELIABILITY.md (between the
 * `<!-- fault-matrix:… -->` and `<!-- data-faults:… -->` markers): `npx tsx scripts/fault-table.ts`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { renderMatrix } from '../test/faults/matrix-table.js';

const DOC = 'docs/RELIABILITY.md';
/** Each fault file and the block of docs/RELIABILITY.md its table goes in. */
const TABLES = [
  { file: 'test/faults/fault-matrix.test.ts', marker: 'fault-matrix' },
  { file: 'test/faults/data-faults.test.ts', marker: 'data-faults' },
] as const;
const ResultsSchema = z.array(
  z.object({
    fault: z.string(),
    outcome: z.string(),
    exitCode: z.number().nullable(),
    rowsLost: z.number(),
    orphans: z.number(),
  }),
);

const dir = mkdtempSync(join(tmpdir(), 'samocode-fault-table-'));
try {
  for (const table of TABLES) {
    const out = join(dir, `${table.marker}.json`);
    const run = spawnSync('npx', ['vitest', 'run', table.file], {
      stdio: 'inherit',
      env: { ...process.env, FAULT_TABLE_OUT: out },
    });
    const results = ResultsSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    const stamp = `Last run: ${new Date().toISOString().slice(0, 10)}, ${results.length} rows, vitest exit ${run.status}.`;
    const begin = `<!-- ${table.marker}:begin -->`;
    const end = `<!-- ${table.marker}:end -->`;
    const doc = readFileSync(DOC, 'utf8');
    const start = doc.indexOf(begin);
    const stop = doc.indexOf(end);
    if (start < 0 || stop < start) throw new Error(`${DOC} has no ${begin} … ${end} block`);
    writeFileSync(
      DOC,
      `${doc.slice(0, start + begin.length)}\n${stamp}\n\n${renderMatrix(results)}\n${doc.slice(stop)}`,
    );
    process.stdout.write(`wrote ${results.length} rows of ${table.file} to ${DOC}\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
