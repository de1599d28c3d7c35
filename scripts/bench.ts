/**
 * `npm run bench`: printed figures, never assertions. See docs/PERFORMANCE.md for the method and
 * the last recorded run. Pass section names to run only some: `npx tsx scripts/bench.ts machine startup`.
 * Sections: machine, startup, overhead, memory, scale, sessions. `BENCH_RUNS` (overhead, default 3),
 * `BENCH_MEMORY_BYTES` (default 1 GiB), `BENCH_SCALE_ITERATIONS` (default 10,000) and `BENCH_SESSIONS`
 * (default 1,000) size the heavy ones.
 */
import { describeMachine, formatLoad, formatMs } from './bench/figures.js';
import { benchMachine } from './bench/machine.js';
import { benchStartup, DIST_BIN, ensureBuilt } from './bench/startup.js';

const SECTIONS = ['machine', 'startup', 'overhead', 'memory', 'scale', 'sessions'] as const;
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
print(`build: ${DIST_BIN}; load average at start ${machine.load}`);

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
      const line = (name: string, figure: { ms: number; cpuMs: number }, goal = '') =>
        print(
          `${name.padEnd(19)} wall ${formatMs(figure.ms)} = floor + ${formatMs(figure.ms - figures.floor.ms)}; CPU ${formatMs(figure.cpuMs)} = floor + ${formatMs(figure.cpuMs - figures.floor.cpuMs)}${goal}`,
        );
      print(
        `## startup (${DIST_BIN}, run as a shell runs it; medians of ${figures.runs} rounds of floor, --version, status)`,
      );
      print(
        `bare node -e 0:     wall ${formatMs(figures.floor.ms)}, CPU ${formatMs(figures.floor.cpuMs)} (the floor)`,
      );
      line('samocode --version:', figures.version);
      line('samocode status:', figures.status, ` (exit ${figures.statusExit}, empty session)`);
      break;
    }
    default: {
      const { runHeavySection } = await import('./bench/heavy.js');
      await runHeavySection(section, print);
    }
  }
  print(`(load average after ${section}: ${formatLoad()})`);
}
