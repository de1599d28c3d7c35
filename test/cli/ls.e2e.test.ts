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
  iterations: number;
  costUsd: number;
  worker: { isRunning: boolean; pid?: number };
  waitsFor: string;
  detail?: string;
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
      iterations: 4,
      waitsFor: 'plan_approval',
    });
    expect(byName(MIXED.waiting)?.continueWith).toMatch(
      /^samocode approve --config .+ --session \d\d-\d\d-\d\d-needs-approval && samocode run /,
    );
    expect(byName(MIXED.blocked)).toMatchObject({
      state: 'investigation.blocked',
      waitsFor: 'clarification',
      detail: 'which database?',
    });
    expect(byName(MIXED.failed)).toMatchObject({ state: 'init.failed', needsHuman: true });
    expect(byName(MIXED.corrupt)).toMatchObject({ state: 'unreadable', needsHuman: true });
    expect(byName(MIXED.corrupt)?.detail).toContain('is not valid JSON');
    const running = byName(MIXED.running);
    expect(running).toMatchObject({ state: 'init.running', needsHuman: false, worker: { isRunning: true } });
    expect(running?.worker.pid).toBeGreaterThan(0);
    expect(running?.continueWith).toBeUndefined();
    const completed = byName(MIXED.completed);
    expect(completed).toMatchObject({
      state: 'completed',
      iterations: 7,
      needsHuman: false,
      detail: 'finished',
    });
    // The fake charges $0.0056 per tool call: one Write plus seven signal writes.
    expect(completed?.costUsd).toBeCloseTo(8 * 0.0056, 6);
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
    expect(lines[0]).toMatch(/^SESSION\s+STATE\s+NEEDS\s+ITER\s+SPEND\s+PID\s+CHANGED\s+WAITS FOR$/);
    expect(lines[1]).toMatch(
      /needs-approval\s+planning\.awaitingApproval\s+human: waiting\s+4\s+\$0\.\d\d\s+-/,
    );
    expect(lines.find((line) => line.includes(MIXED.corrupt))).toMatch(/unreadable\s+human: corrupt/);
    expect(readFileSync(lockPath, 'utf8')).toBe(before);
  });
});
