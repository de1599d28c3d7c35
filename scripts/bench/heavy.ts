/** Sections that drive the runner and real processes: overhead, memory, scale. */
import { formatMb, formatMs } from './figures.js';
import { measurePeak } from './memory.js';
import { measureCliPeak } from './memory-cli.js';
import { benchOverhead } from './overhead.js';
import { benchScale } from './scale.js';
import { ensureBuilt } from './startup.js';

const numberFromEnv = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

export async function runHeavySection(section: string, print: (text: string) => void): Promise<void> {
  switch (section) {
    case 'overhead': {
      const n = numberFromEnv('BENCH_ITERATIONS', 200);
      const figures = await benchOverhead(n);
      print(`## overhead (${n} iterations, fake claude writing {"status":"continue"})`);
      print(`bare shell loop:  ${formatMs(figures.bareMs)} (${formatMs(figures.bareMs / n)} per iteration)`);
      print(
        `samocode runner:  ${formatMs(figures.samocodeMs)} (${formatMs(figures.samocodeMs / n)} per iteration; exit ${figures.exitCode}, ${figures.rows} history rows)`,
      );
      print(`ratio: ${(figures.samocodeMs / figures.bareMs).toFixed(3)} (target ≤ 1.05)`);
      return;
    }
    case 'memory': {
      const bytes = numberFromEnv('BENCH_MEMORY_BYTES', 1024 * 1024 * 1024);
      const idle = measurePeak(0);
      const flood = measurePeak(bytes);
      await ensureBuilt();
      const cliIdle = await measureCliPeak(0);
      const cliFlood = await measureCliPeak(bytes);
      print('## memory (peak RSS = VmHWM)');
      print('samocode run (node dist, sampled from /proc/<pid>/status):');
      print(`provider writes 0 B:    peak ${formatMb(cliIdle.peakKb * 1024)} (exit ${cliIdle.exitCode})`);
      print(
        `provider writes ${formatMb(bytes)}: peak ${formatMb(cliFlood.peakKb * 1024)} (exit ${cliFlood.exitCode}, ${formatMs(cliFlood.wallMs)}) (target ≤ 80 MB)`,
      );
      print('runSession + provider actor in a child node process under tsx (VmHWM at its end):');
      print(`provider writes 0 B:    peak ${formatMb(idle.hwmKb * 1024)} (exit ${idle.exitCode})`);
      print(
        `provider writes ${formatMb(bytes)}: peak ${formatMb(flood.hwmKb * 1024)} (exit ${flood.exitCode}, ${formatMs(flood.wallMs)}, ${(bytes / 1024 / 1024 / (flood.wallMs / 1000)).toFixed(0)} MB/s) (target ≤ 80 MB)`,
      );
      return;
    }
    case 'scale': {
      const figures = await benchScale(numberFromEnv('BENCH_SCALE_ITERATIONS', 10_000));
      print(
        '## scale (per-iteration wall time, median; history and Flow Log pre-seeded, see docs/PERFORMANCE.md)',
      );
      print(`around iteration 10:     ${formatMs(figures.earlyMs)}`);
      print(
        `around iteration ${figures.lateFrom}: ${formatMs(figures.lateMs)} (history ${formatMb(figures.historyBytes)}, _overview.md ${formatMb(figures.overviewBytes)})`,
      );
      print(`ratio: ${(figures.lateMs / figures.earlyMs).toFixed(3)} (target ≤ 1.2)`);
      return;
    }
    default:
      print(`## ${section}: unknown section`);
  }
}
