/**
 * The small shell that runs the worktree mark's `git status` for `samocode run`
 * (src/process/shell-runner.ts) lives exactly as long as its run: it is there once an iteration
 * has ended cleanly, and gone after the run ends, whether the run stops on a signal or is killed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { pollUntil, waitForDeath } from '../helpers/processes.js';
import { removeTempTrees } from '../helpers/temp-session.js';
import {
  FACT_DEADLINE_MS,
  killAll,
  makeFaultProject,
  orphansOf,
  providerPids,
  runArgs,
  type Step,
  startSamocode,
  waitForInvocations,
  writeScenario,
} from './harness.js';

afterAll(() => removeTempTrees());

const FIRST: Step = { do: 'signal', content: { status: 'continue', phase: 'investigation' } };
const HANG: Step = { do: 'hang' };

/** Children of `pid` that are the mark's shell (its loop is in their command line). */
function markShellsOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent !== pid) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('read -r request'))
        found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

describe('the mark shell of samocode run', () => {
  it.each([
    ['stopped by SIGINT', 'SIGINT'],
    ['killed by SIGKILL', 'SIGKILL'],
  ] as const)('is there after a clean iteration and gone once the run is %s', async (_, signal) => {
    const project = makeFaultProject();
    writeScenario(project, [[FIRST], [HANG]]);
    const run = startSamocode(project, runArgs(project));
    try {
      // The second call has started, so the first iteration's mark was taken.
      await waitForInvocations(project, 2);
      const shells = await pollUntil(
        () => {
          const pids = markShellsOf(run.pid);
          return pids.length > 0 ? pids : undefined;
        },
        'the mark shell',
        FACT_DEADLINE_MS,
      );
      expect(shells).toHaveLength(1);
      run.child.kill(signal);
      const end = await run.done;
      if (signal === 'SIGINT') expect(end.code).toBe(EXIT.interrupted);
      else expect(end.signal).toBe('SIGKILL');
      // It exits at the end of its stdin: at once, so a minute is slack for any load (and under
      // vitest's own deadline, so a shell that stays fails here rather than timing out).
      expect(await waitForDeath(shells, 60_000)).toEqual([]);
    } finally {
      run.child.kill('SIGKILL');
      killAll(providerPids(project));
      await orphansOf(project);
    }
  });
});
