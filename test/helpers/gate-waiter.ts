/**
 * A process that waits on one gate, for the watcher tests (`node --import tsx`): args are the
 * session folder, the gate id, and optionally an abort delay in ms and the poll period. It prints
 * `waiting` once the watch is set up, then the outcome as one JSON line (and the CPU time spent
 * waiting on stderr), and ends without calling
 * `process.exit`: it exits only if the wait left no handle open.
 */
import { waitForGate } from '../../src/gates/gate-watcher.js';

const [sessionDir = '', gateId = '', abortMs = '', pollMs = ''] = process.argv.slice(2);
const outcome = waitForGate({
  sessionDir,
  gateId,
  ...(abortMs ? { signal: AbortSignal.timeout(Number(abortMs)) } : {}),
  ...(pollMs ? { pollMs: Number(pollMs) } : {}),
  onProblem: (reason) => process.stdout.write(`${JSON.stringify({ problem: reason })}\n`),
});
process.stdout.write('waiting\n');
const idleFrom = process.cpuUsage();
const result = await outcome;
const spent = process.cpuUsage(idleFrom);
process.stderr.write(`${JSON.stringify({ cpuMs: (spent.user + spent.system) / 1000 })}\n`);
process.stdout.write(`${JSON.stringify(result)}\n`);
