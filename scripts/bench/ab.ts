/**
 * A/B of samocode's own CPU per iteration after row 10 for two builds, alternating runs so the
 * machine's load lands on both: `npx tsx scripts/bench/ab.ts <dist bin A> <dist bin B> [pairs]`.
 * Prints every run and the medians; asserts nothing.
 */
import { loadavg } from 'node:os';
import { runCli } from './cli-run.js';
import { median } from './figures.js';
import { perWarmIteration } from './overhead.js';

const [binA, binB, pairsArg = '5'] = process.argv.slice(2);
if (binA === undefined || binB === undefined) {
  process.stderr.write('usage: npx tsx scripts/bench/ab.ts <dist bin A> <dist bin B> [pairs]\n');
  process.exit(2);
}
const figures = { A: [] as number[], B: [] as number[], wallA: [] as number[], wallB: [] as number[] };
for (let pair = 0; pair < Number(pairsArg); pair += 1) {
  for (const [name, bin] of [
    ['A', binA],
    ['B', binB],
  ] as const) {
    const run = await runCli({ distBin: bin });
    const own = perWarmIteration(run);
    const wall = run.wallMs / run.rows;
    (name === 'A' ? figures.A : figures.B).push(own);
    (name === 'A' ? figures.wallA : figures.wallB).push(wall);
    process.stdout.write(
      `${name}: own CPU after row 10 ${own.toFixed(1)} ms/iteration, wall ${wall.toFixed(1)} ms/iteration, rows ${run.rows}, load ${loadavg()[0]?.toFixed(1)}\n`,
    );
  }
}
process.stdout.write(
  `median A ${median(figures.A).toFixed(1)} ms (wall ${median(figures.wallA).toFixed(1)}), B ${median(figures.B).toFixed(1)} ms (wall ${median(figures.wallB).toFixed(1)})\n`,
);
