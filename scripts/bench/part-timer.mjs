// Preloaded with `node --import` into a build that scripts/bench/instrument-parts.sh has wrapped:
// sums this process's CPU (process.cpuUsage, all threads) inside each wrapped function and writes
// the totals to $PART_TIMER_OUT at exit. A wrapped async function is timed from its call to its
// settling, so it includes whatever ran meanwhile (marked "async").
import { writeFileSync } from 'node:fs';

const totals = new Map();
const cpuNow = () => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};
const add = (name, us) => {
  const entry = totals.get(name) ?? { us: 0, calls: 0 };
  entry.us += us;
  entry.calls += 1;
  totals.set(name, entry);
};
let firstAttemptAt;

globalThis.__partTimer = {
  time(name, call) {
    const started = cpuNow();
    try {
      return call();
    } finally {
      add(name, cpuNow() - started);
    }
  },
  wrap(name, fn) {
    return function (...args) {
      const started = cpuNow();
      if (name === 'spawnProvider') firstAttemptAt ??= started;
      const result = fn.apply(this, args);
      if (result && typeof result.then === 'function')
        return result.finally(() => add(`${name} (async)`, cpuNow() - started));
      add(name, cpuNow() - started);
      return result;
    };
  },
};

process.once('exit', () => {
  const cpu = process.cpuUsage();
  const lines = [...totals]
    .sort((a, b) => b[1].us - a[1].us)
    .map(
      ([name, { us, calls }]) =>
        `${(us / 1000).toFixed(1).padStart(8)} ms ${String(calls).padStart(5)}x ${(us / calls / 1000).toFixed(3)} ms each  ${name}`,
    );
  writeFileSync(
    process.env.PART_TIMER_OUT ?? 'part-timer.txt',
    `total ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms; before the first attempt ${((firstAttemptAt ?? 0) / 1000).toFixed(0)} ms\n${lines.join('\n')}\n`,
  );
});
