/**
 * (d) Run in its own node process by memory.ts: one iteration whose fake claude floods `bytes` of
 * stream-json, then blocks. Prints this process's peak RSS (VmHWM) as JSON on the last line.
 */
import { readFileSync } from 'node:fs';
import { makeBenchSession, runBenchSession } from './bench-session.js';

const bytes = Number(process.argv[2] ?? '0');
const session = makeBenchSession([
  [
    { do: 'flood', bytes },
    { do: 'signal', content: { status: 'blocked', reason: 'the bench is over', needs: 'human_decision' } },
  ],
]);
try {
  const end = await runBenchSession(session);
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 'NaN');
  process.stdout.write(
    `${JSON.stringify({ exitCode: end.exitCode, hwmKb: kb('VmHWM'), rssKb: kb('VmRSS') })}\n`,
  );
} finally {
  session.remove();
}
