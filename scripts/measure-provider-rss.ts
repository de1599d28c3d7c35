/**
 * Pushes a large stream-json output (default 1 GiB) from the fake claude through spawnProvider and
 * the claude parser, and prints the peak RSS growth of this process. No assertion: a figure to read.
 *
 *   npx tsx scripts/measure-provider-rss.ts [megabytes]
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { buildClaudeArgs } from '../src/providers/claude/argv.js';
import { spawnProvider } from '../src/providers/spawn.js';
import { createStreamReader } from '../src/providers/stream-reader.js';
import { createFakeRun, FAKE_BIN } from '../test/providers/fake-path.js';

const megabytes = Number(process.argv[2] ?? 1024);
if (!Number.isFinite(megabytes) || megabytes <= 0) {
  console.error(`measure-provider-rss: "${process.argv[2]}" is not a positive number of megabytes`);
  process.exit(2);
}
const bytes = Math.round(megabytes * 1024 * 1024);
const run = createFakeRun({ steps: [{ do: 'flood', bytes }] });
const reader = createStreamReader('claude');
let lines = 0;
const before = process.memoryUsage().rss;
let peak = before;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 10);
const startedAt = Date.now();
try {
  const end = await spawnProvider({
    cliPath: join(FAKE_BIN, 'claude'),
    args: buildClaudeArgs({ model: 'fake-model', maxTurns: 10 }),
    cwd: run.dir,
    env: run.env,
    input: 'flood\n',
    logFile: join(run.dir, '_logs', '001-init-a1.jsonl'),
    stderrFile: join(run.dir, '_logs', '001-init-a1.stderr.log'),
    timeoutMs: 60 * 60 * 1000,
    killGraceMs: 1000,
    onLine: (line) => {
      lines += 1;
      return reader.feed(line);
    },
  });
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const seconds = (Date.now() - startedAt) / 1000;
  const logged = statSync(join(run.dir, '_logs', '001-init-a1.jsonl')).size;
  const mb = (n: number): string => (n / 1024 / 1024).toFixed(1);
  console.log(`output:          ${mb(logged)} MB in ${lines} lines (exit ${end.exitCode})`);
  console.log(`duration:        ${seconds.toFixed(1)} s (${mb(logged / seconds)} MB/s)`);
  console.log(`RSS before:      ${mb(before)} MB`);
  console.log(`RSS peak:        ${mb(peak)} MB`);
  console.log(`peak RSS delta:  ${mb(peak - before)} MB`);
  console.log(`outcome:         ${reader.classify(end, Date.now()).outcome}`);
} finally {
  clearInterval(sampler);
  run.remove();
}
