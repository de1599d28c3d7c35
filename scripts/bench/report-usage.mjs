// Preloaded with `--import` in NODE_OPTIONS by the bench (scripts/bench/cli-run.ts): writes this
// process's pid to $SAMOCODE_BENCH_USAGE.pid now, and at exit its own CPU time (not its children's) and peak RSS.
import { writeFileSync } from 'node:fs';

const target = process.env.SAMOCODE_BENCH_USAGE;
if (target) {
  writeFileSync(`${target}.pid`, String(process.pid));
  process.once('exit', () => {
    const cpu = process.cpuUsage();
    writeFileSync(
      target,
      `${JSON.stringify({ userUs: cpu.user, systemUs: cpu.system, maxRssKb: process.resourceUsage().maxRSS })}\n`,
    );
  });
}
