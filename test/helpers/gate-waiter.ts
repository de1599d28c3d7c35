/**
 * A process that waits on one gate, for the watcher tests (`node --import tsx`): args are the
 * session folder, the gate id, and optionally an abort delay in ms and the poll period. It prints
 * `waiting` once the watch is set up, then the outcome as one JSON line, and ends without calling
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
process.stdout.write(`${JSON.stringify(await outcome)}\n`);
