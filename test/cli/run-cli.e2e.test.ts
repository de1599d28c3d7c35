/** `samocode run | status | approve` as a user runs them: the real CLI, a real git repo, the fake claude. Integration tier. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readHistory } from '../../src/session/history.js';
import { git } from '../helpers/git.js';
import { makeSessionCli, stopSessionRuns } from '../helpers/samocode-cli.js';
import { removeTempTrees } from '../helpers/temp-session.js';

afterEach(async () => {
  await stopSessionRuns();
  removeTempTrees();
});

const signal = (content: Record<string, unknown>) => [{ do: 'signal', content }];
const HAPPY = [
  [
    { do: 'write', path: 'work.txt', content: 'hello' },
    ...signal({ status: 'continue', phase: 'investigation' }),
  ],
  signal({ status: 'continue', phase: 'requirements' }),
  signal({ status: 'continue', phase: 'planning' }),
  signal({ status: 'waiting', for: 'plan_approval' }),
  signal({ status: 'continue', phase: 'testing' }),
  signal({ status: 'continue', phase: 'done' }),
  signal({ status: 'done', summary: 'finished' }),
];

const setUp = (calls: unknown[]) => makeSessionCli('demo', calls);

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// Each test spawns several `node --import tsx` processes: slow on a loaded 2-core machine.
describe('samocode run (fake claude, real git) [slow: ~15 s per test]', { timeout: 120_000 }, () => {
  it('runs a whole session to exit 0, with the work committed to nothing but present in the worktree on the session branch', async () => {
    const h = await setUp(HAPPY);
    const run = await h.samocode('run', '--auto-approve');
    expect(run.stderr).toContain(
      'complete (claimed by the agent, not verified; the branch has no commits of its own; 1 uncommitted change(s) in the worktree: commit them or they stay only there)\n  summary: finished\n',
    );
    expect(run.exitCode).toBe(0);
    const folder = readdirSync(h.project.sessions)[0] ?? '';
    const worktree = join(h.project.worktrees, folder);
    expect(readFileSync(join(worktree, 'work.txt'), 'utf8')).toBe('hello');
    expect(await git(worktree, 'branch', '--show-current')).toBe('demo');
    const rows = readHistory(join(h.sessionDir(), '_signal_history.jsonl')).rows;
    expect(rows.map((row) => row.iteration)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const status = await h.samocode('status', '--json');
    expect(status.exitCode).toBe(0);
    const report = JSON.parse(String(status.stdout));
    expect(report.state).toBe('completed');
    expect(report.totalIterations).toBe(7);
    expect(report.worker.isRunning).toBe(false);
    expect(report.costUsd).toBeGreaterThan(0);
  });

  it('stops at plan approval with 10; approve, then run again finishes with 0', async () => {
    const h = await setUp(HAPPY);
    const first = await h.samocode('run');
    expect(first.exitCode).toBe(10);
    expect(first.stderr).toContain('samocode approve');
    const status = await h.samocode('status');
    expect(status.stdout).toContain('state: the plan waits for your approval\n');
    expect((await h.samocode('status', '--verbose')).stdout).toContain(
      'machine: planning.awaitingApproval (exit 10; waits for plan_approval)\n',
    );
    const approve = await h.samocode('approve');
    expect(approve.exitCode).toBe(0);
    const folder = readdirSync(h.project.sessions)[0] ?? '';
    expect(approve.stdout).toBe(
      `approved the plan: implementation is next; continue with: samocode run --config ${h.project.configPath} --session ${folder}`,
    );
    const again = await h.samocode('approve');
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain('not waiting for plan approval');
    const last = await h.samocode('run');
    expect(last.exitCode).toBe(0);
    expect(h.invocations()).toHaveLength(7);
  });

  it('a second run exits 3 naming the holder; SIGINT stops the first with 130 and leaves no provider process', async () => {
    const h = await setUp([[{ do: 'hang' }]]);
    const first = h.samocode('run');
    const deadline = Date.now() + 20_000;
    while (h.invocations().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const [invocation] = h.invocations();
    expect(invocation).toBeDefined();
    const second = await h.samocode('run');
    expect(second.exitCode).toBe(3);
    expect(second.stderr).toMatch(/session is locked by run with pid \d+/);
    const live = JSON.parse(String((await h.samocode('status', '--json')).stdout));
    expect(live.worker.isRunning).toBe(true);
    expect(live.worker.pid).toBe(first.pid);
    first.kill('SIGINT');
    const ended = await first;
    expect(ended.exitCode).toBe(130);
    expect(isAlive(invocation?.pid ?? 0)).toBe(false);
    const status = await h.samocode('status', '--json');
    expect(JSON.parse(String(status.stdout)).state).toBe('init.running');
  });

  it('a bad configuration exits 2 listing every problem', async () => {
    const h = await setUp(HAPPY);
    writeFileSync(h.project.configPath, `MAIN_REPO=${h.project.mainRepo}\nSESSIONS=/does/not/exist\n`);
    const run = await h.samocode('run', '--timeout', 'x');
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('cannot start the run, 3 problems (nothing was created)');
    expect(run.stderr).toContain('WORKTREES: missing');
    expect(run.stderr).toContain('SESSIONS: got "/does/not/exist"');
    expect(run.stderr).toContain('--timeout: got "x"');
  });
});
