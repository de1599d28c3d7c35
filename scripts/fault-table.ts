/**
 * Runs the fault matrix and writes its table into docs/RELIABILITY.md (between the
 * `<!-- fault-matrix -->` markers): `npx tsx scripts/fault-table.ts`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { renderMatrix } from '../test/faults/matrix-table.js';

const DOC = 'docs/RELIABILITY.md';
const BEGIN = '<!-- fault-matrix:begin -->';
const END = '<!-- fault-matrix:end -->';
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
  const out = join(dir, 'matrix.json');
  const run = spawnSync('npx', ['vitest', 'run', 'test/faults/fault-matrix.test.ts'], {
    stdio: 'inherit',
    env: { ...process.env, FAULT_TABLE_OUT: out },
  });
  const results = ResultsSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
  const stamp = `Last run: ${new Date().toISOString().slice(0, 10)}, ${results.length} rows, vitest exit ${run.status}.`;
  const doc = readFileSync(DOC, 'utf8');
  const start = doc.indexOf(BEGIN);
  const stop = doc.indexOf(END);
  if (start < 0 || stop < start) throw new Error(`${DOC} has no ${BEGIN} … ${END} block`);
  writeFileSync(
    DOC,
    `${doc.slice(0, start + BEGIN.length)}\n${stamp}\n\n${renderMatrix(results)}\n${doc.slice(stop)}`,
  );
  process.stdout.write(`wrote ${results.length} rows to ${DOC}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
