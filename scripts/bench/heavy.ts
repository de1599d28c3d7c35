/** Sections that drive real processes: overhead, memory, scale. Figures only, never assertions. */
import { runCli } from './cli-run.js';
import { formatMb, formatMs } from './figures.js';
import { benchOverhead } from './overhead.js';
import { benchScale } from './scale.js';
import { benchSessions } from './sessions.js';
import { ensureBuilt } from './startup.js';

const numberFromEnv = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

const ratio = (value: number, base: number) => (value / base).toFixed(3);

export async function runHeavySection(section: string, print: (text: string) => void): Promise<void> {
  switch (section) {
    case 'overhead': {
      await ensureBuilt();
      const runs = numberFromEnv('BENCH_RUNS', 3);
      const f = await benchOverhead(runs);
      const n = f.calls;
      print(
        `## overhead (one session, ${n} provider calls: init → … → implementation until its budget blocks; /bin/sh provider; medians of ${runs} alternating runs)`,
      );
      print(
        `bare sh loop:    wall ${formatMs(f.bareWallMs)} (${formatMs(f.bareWallMs / n)}/call), CPU ${formatMs(f.bareCpuMs)} (${formatMs(f.bareCpuMs / n)}/call)`,
      );
      print(
        `samocode run:    wall ${formatMs(f.wallMs)} (${formatMs(f.wallMs / n)}/iteration), CPU of the whole tree ${formatMs(f.treeCpuMs)} (rows ${f.rows.join('/')}, exit ${f.exitCodes.join('/')})`,
      );
      print(
        `guarantees floor: wall ${formatMs(f.floorWallMs)} (${formatMs(f.floorWallMs / n)}/call), CPU ${formatMs(f.floorCpuMs)} (${formatMs(f.floorCpuMs / n)}/call): the bare loop plus one git status and an fsynced, renamed state file per call`,
      );
      print(
        `wall ratio: ${ratio(f.wallMs, f.bareWallMs)} to the bare loop (the floor alone is ${ratio(f.floorWallMs, f.bareWallMs)}), ${ratio(f.wallMs, f.floorWallMs)} to the floor`,
      );
      print(
        `CPU ratio:  ${ratio(f.treeCpuMs, f.bareCpuMs)} to the bare loop (the floor alone is ${ratio(f.floorCpuMs, f.bareCpuMs)}), ${ratio(f.treeCpuMs, f.floorCpuMs)} to the floor`,
      );
      print(
        `samocode's wall above the floor: ${formatMs((f.wallMs - f.floorWallMs) / n)}/iteration (goal ≤ 15 ms); above the bare loop: ${formatMs((f.wallMs - f.bareWallMs) / n)}/iteration`,
      );
      print(
        `samocode's own CPU (its process only): ${formatMs(f.ownCpuMs)} = ${formatMs(f.ownCpuMs / n)}/iteration with start-up; ${formatMs(f.ownCpuPerWarmIterationMs)}/iteration after row ${f.warmRows} (goal ≤ 15 ms), ${ratio(f.ownCpuPerWarmIterationMs, f.bareCpuMs / n)}× the bare loop's CPU per call (to compare runs on a host whose speed varies)`,
      );
      print(
        `tree CPU above the bare loop: ${formatMs((f.treeCpuMs - f.bareCpuMs) / n)}/iteration; peak RSS ${formatMb(f.peakRssKb * 1024)}`,
      );
      return;
    }
    case 'memory': {
      await ensureBuilt();
      const bytes = numberFromEnv('BENCH_MEMORY_BYTES', 1024 * 1024 * 1024);
      print('## memory (peak RSS of the samocode process = its maxRSS at exit; one iteration, then blocked)');
      for (const flood of [0, bytes]) {
        const run = await runCli({
          providerEnv: { BENCH_FLOOD_BYTES: String(flood), BENCH_BLOCK_AFTER: '1' },
        });
        const rate =
          flood > 0
            ? `, ${(flood / 1024 / 1024 / (run.wallMs / 1000)).toFixed(0)} MB/s through samocode`
            : '';
        print(
          `provider writes ${formatMb(flood).padStart(9)}: peak ${formatMb(run.peakRssKb * 1024)} (goal ≤ 80 MB; exit ${run.exitCode}, ${formatMs(run.wallMs)}${rate}, own CPU ${formatMs(run.ownCpuMs)})`,
        );
      }
      return;
    }
    case 'scale': {
      const target = numberFromEnv('BENCH_SCALE_ITERATIONS', 10_000);
      const f = await benchScale(target);
      print(
        '## scale (one session in-process, sh provider; history and Flow Log pre-seeded, see docs/PERFORMANCE.md)',
      );
      print(
        `around iteration 10:     wall ${formatMs(f.earlyMs)}, runner CPU ${formatMs(f.earlyCpuMs)} per iteration`,
      );
      print(
        `around iteration ${f.lateFrom}: wall ${formatMs(f.lateMs)}, runner CPU ${formatMs(f.lateCpuMs)} per iteration (history ${formatMb(f.historyBytes)}, _overview.md seeded ${formatMb(f.seededOverviewBytes)}, at the end ${formatMb(f.overviewBytes)})`,
      );
      print(
        `ratio: wall ${ratio(f.lateMs, f.earlyMs)}, CPU ${ratio(f.lateCpuMs, f.earlyCpuMs)} (goal ≤ 1.05)`,
      );
      return;
    }
    case 'sessions': {
      await ensureBuilt();
      const count = numberFromEnv('BENCH_SESSIONS', 1_000);
      const f = await benchSessions(count);
      print(
        `## sessions (${f.count} copies of one ${f.historyRows}-row session, no _logs; medians of 5; goal ≤ 1 s each)`,
      );
      print(`samocode ls:     wall ${formatMs(f.ls.ms)}, CPU ${formatMs(f.ls.cpuMs)} (exit ${f.ls.exit})`);
      print(
        `samocode status: wall ${formatMs(f.status.ms)}, CPU ${formatMs(f.status.cpuMs)} (exit ${f.status.exit}, one session among them)`,
      );
      return;
    }
    default:
      print(`## ${section}: unknown section`);
  }
}
