/**
 * One racer for the decision race test, run as a child process (`node --import tsx`). It prints
 * `ready`, then for each stdin line `<session dir>\t<who>` records an approval of that session's
 * gate 1 as `who` and prints the outcome as one JSON line: the outcome kind and the winner's name.
 */
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { buildDecision } from '../../src/gates/decision.js';
import { recordDecision } from '../../src/gates/decision-record.js';

const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
for await (const line of lines) {
  const [dir = '', who = ''] = line.split('\t');
  const gateId = `${basename(dir)}/g1-approval`;
  const built = buildDecision({ gateId, action: 'approve', channel: 'cli', who });
  if (!built.ok) throw new Error(built.problems.join('; '));
  const outcome = recordDecision(dir, built.decision, gateId);
  const winner = 'decision' in outcome ? outcome.decision?.who : undefined;
  process.stdout.write(`${JSON.stringify({ kind: outcome.kind, winner, who })}\n`);
}
