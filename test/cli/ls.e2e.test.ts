/** `samocode ls` on a folder of sessions made by real runs of the fake claude. Integration tier. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FleetProject, MIXED, makeMixedFleet } from '../helpers/fleet-project.js';
import { removeTempTrees } from '../helpers/temp-session.js';

interface Listed {
  session: string;
  state: string;
  attention: string;
  needsHuman: boolean;
  headline: string;
  details: string[];
  iterations: { total: number };
  spend: { costUsd: number; costText: string };
  worker: { isRunning: boolean; pid?: number };
  next?: { text: string; command?: string };
  continueWith?: string;
}

describe('samocode ls (fake claude, real git) [slow]', { timeout: 180_000 }, () => {
  let fleet: FleetProject;
  beforeAll(async () => {
    fleet = await makeMixedFleet();
  }, 180_000);
  afterAll(async () => {
    await fleet?.stopAll();
    removeTempTrees();
  });

  it('lists every session, human-needing first, with state, spend, pid and what each waits for', async () => {
    const listed = await fleet.samocode(['ls', '--json']);
    expect(listed.exitCode).toBe(0);
    const { sessions } = JSON.parse(String(listed.stdout)) as { sessions: Listed[] };
    const byName = (name: string) => sessions.find((s) => s.session.endsWith(`-${name}`));
    expect(sessions.map((s) => s.attention)).toEqual([
      'waiting',
      'blocked',
      'failed',
      'corrupt',
      'running',
      'completed',
    ]);
    expect(byName(MIXED.waiting)).toMatchObject({
      state: 'planning.awaitingApproval',
      needsHuman: true,
      iterations: { total: 4 },
      headline: 'the plan waits for your approval',
    });
    expect(byName(MIXED.waiting)?.continueWith).toMatch(
      /^samocode approve --config \S+ --session \d\d-\d\d-\d\d-needs-approval && samocode run /,
    );
    expect(byName(MIXED.waiting)?.continueWith).toBe(byName(MIXED.waiting)?.next?.command);
    expect(byName(MIXED.blocked)).toMatchObject({
      state: 'investigation.blocked',
      headline: 'blocked in investigation: the agent needs a clarification',
      details: ['the agent says: which database?'],
    });
    expect(byName(MIXED.failed)).toMatchObject({
      state: 'init.failed',
      needsHuman: true,
      headline: 'failed in init: the provider CLI is not logged in, or its key was refused',
    });
    expect(byName(MIXED.corrupt)).toMatchObject({ state: 'unreadable', needsHuman: true });
    expect(byName(MIXED.corrupt)?.details[0]).toContain('is not valid JSON');
    const running = byName(MIXED.running);
    expect(running).toMatchObject({ state: 'init.running', needsHuman: false, worker: { isRunning: true } });
    expect(running?.worker.pid).toBeGreaterThan(0);
    expect(running?.continueWith).toMatch(/^tail -f \S+\/session\.log$/);
    const completed = byName(MIXED.completed);
    expect(completed).toMatchObject({
      state: 'completed',
      iterations: { total: 7 },
      needsHuman: false,
      details: ['summary: finished'],
    });
    // The worktree is still there: the next step is to review, merge and clean.
    expect(completed?.continueWith).toMatch(
      /^samocode clean --config \S+ --session \d\d-\d\d-\d\d-finished$/,
    );
    // The fake charges $0.0056 per tool call: one Write plus seven signal writes.
    expect(completed?.spend.costUsd).toBeCloseTo(8 * 0.0056, 6);
  });

  it('prints a table that names each session and never takes a lock', async () => {
    const lockPath = join(
      fleet.project.sessions,
      (
        JSON.parse(String((await fleet.samocode(['ls', '--json'])).stdout)) as { sessions: Listed[] }
      ).sessions.find((s) => s.attention === 'running')?.session ?? 'none',
      '_run.lock',
    );
    const before = readFileSync(lockPath, 'utf8');
    const listed = await fleet.samocode(['ls']);
    expect(listed.exitCode).toBe(0);
    const lines = String(listed.stdout).split('\n');
    expect(lines[0]).toMatch(/^SESSION\s+NEEDS\s+PHASE\s+MODEL\s+ITER\s+SPEND\s+PID\s+CHANGED\s+STATE$/);
    expect(lines[1]).toMatch(
      /needs-approval\s+human: waiting\s+planning\s+opus\s+4\s+\$0\.\d\d\s+-\s+\d+s ago\s+the plan waits for your approval$/,
    );
    expect(lines.find((line) => line.includes(MIXED.corrupt))).toMatch(
      /human: corrupt\s+-\s+-\s+0\s+.*its state file \(_state\.json\) cannot be read$/,
    );
    // Plain words only: no machine state names in the table.
    expect(listed.stdout).not.toMatch(/awaitingApproval|\.blocked|\.running|\.failed/);
    expect(readFileSync(lockPath, 'utf8')).toBe(before);
  });
});
