/**
 * `npm run bench`: printed figures, never assertions. See docs/PERFORMANCE.md for the method and
 * the last recorded run. Pass section names to run only some: `npx tsx scripts/bench.ts machine startup`.
 * Sections: machine, startup, overhead, memory, scale. `BENCH_RUNS` (overhead, default 3),
 * `BENCH_MEMORY_BYTES` (default 1 GiB) and `BENCH_SCALE_ITERATIONS` (default 10,000) size the heavy ones.
 */
import { describeMachine, formatMs } from './bench/figures.js';
import { benchMachine } from './bench/machine.js';
import { benchStartup, ensureBuilt } from './bench/startup.js';

const SECTIONS = ['machine', 'startup', 'overhead', 'memory', 'scale'] as const;
type Section = (typeof SECTIONS)[number];
const isSection = (name: string): name is Section => (SECTIONS as readonly string[]).includes(name);

const asked = process.argv.slice(2).filter(isSection);
const selected: readonly Section[] = asked.length > 0 ? asked : SECTIONS;
const print = (text: string) => process.stdout.write(`${text}\n`);

const machine = describeMachine();
print(`# samocode bench — ${new Date().toISOString()}`);
print(
  `machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.ramGb} GB RAM, node ${machine.node}, ${machine.kernel}`,
);

for (const section of selected) {
  print('');
  switch (section) {
    case 'machine': {
      const figures = benchMachine();
      print('## machine (path generation + coverage)');
      print(`paths generated: ${figures.paths} in ${formatMs(figures.generationMs)}`);
      print(
        `transition coverage: ${figures.covered}/${figures.total} (${((100 * figures.covered) / Math.max(1, figures.total)).toFixed(1)}%), computed in ${formatMs(figures.coverageMs)}`,
      );
      break;
    }
    case 'startup': {
      await ensureBuilt();
      const figures = benchStartup();
      const above = (ms: number) => `floor + ${formatMs(ms - figures.nodeBaselineMs)}`;
      print('## startup (node dist/src/cli/bin.js, median of 10, interleaved with the floor)');
      print(`bare node -e 0:     ${formatMs(figures.nodeBaselineMs)} (the floor)`);
      print(
        `samocode --version: ${formatMs(figures.versionMedianMs)} = ${above(figures.versionMedianMs)} (goal ≤ floor + 25 ms)`,
      );
      print(
        figures.statusMedianMs === undefined
          ? `samocode status: not measured (the command exits ${figures.statusExit})`
          : `samocode status:    ${formatMs(figures.statusMedianMs)} = ${above(figures.statusMedianMs)} (exit ${figures.statusExit}, empty session)`,
      );
      break;
    }
    default: {
      const { runHeavySection } = await import('./bench/heavy.js');
      await runHeavySection(section, print);
    }
  }
}
