/**
 * Runs the fault matrices and writes each table into docs/RELIABILITY.md between its markers
 * (`<!-- fault-matrix:begin -->` … and one block per further fault file): `npx tsx scripts/fault-table.ts`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { renderMatrix } from '../test/faults/matrix-table.js';

const DOC = 'docs/RELIABILITY.md';
const ResultsSchema = z.array(
  z.object({
    fault: z.string(),
    outcome: z.string(),
    exitCode: z.number().nullable(),
    rowsLost: z.number(),
    orphans: z.number(),
  }),
);

/** Each fault file, the variable naming where it writes its results, and its block in the doc. */
const MATRICES = [
  { file: 'test/faults/fault-matrix.test.ts', outVariable: 'FAULT_TABLE_OUT', block: 'fault-matrix' },
  {
    file: 'test/faults/process-faults.test.ts',
    outVariable: 'PROCESS_FAULT_TABLE_OUT',
    block: 'process-faults',
  },
  { file: 'test/faults/data-faults.test.ts', outVariable: 'DATA_FAULT_TABLE_OUT', block: 'data-faults' },
] as const;

const dir = mkdtempSync(join(tmpdir(), 'samocode-fault-table-'));
try {
  for (const matrix of MATRICES) {
    const out = join(dir, `${matrix.block}.json`);
    const run = spawnSync('npx', ['vitest', 'run', matrix.file], {
      stdio: 'inherit',
      env: { ...process.env, [matrix.outVariable]: out },
    });
    const results = ResultsSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    // The test file records a row only once every assertion of it held.
    const stamp = `Last run: ${new Date().toISOString().slice(0, 10)}, ${results.length} rows, every one asserted; vitest exit ${run.status}${run.status === 0 ? '' : ' (failing rows are left out)'}.`;
    const begin = `<!-- ${matrix.block}:begin -->`;
    const end = `<!-- ${matrix.block}:end -->`;
    const doc = readFileSync(DOC, 'utf8');
    const start = doc.indexOf(begin);
    const stop = doc.indexOf(end);
    if (start < 0 || stop < start) throw new Error(`${DOC} has no ${begin} … ${end} block`);
    writeFileSync(
      DOC,
      `${doc.slice(0, start + begin.length)}\n${stamp}\n\n${renderMatrix(results)}\n${doc.slice(stop)}`,
    );
    process.stdout.write(`wrote ${results.length} rows of ${matrix.file} to ${DOC}\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
