/**
 * `run --wait` and the gate commands from another shell, through the built bin with the fake
 * claude: the waiting run goes on as soon as a gate is decided, a decision applies once (one
 * history row), an old gate's decision changes nothing, `stop` and Ctrl-C leave it resumable.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readHistory } from '../../src/session/history.js';
import { makeSessionCli, stopSessionRuns } from '../helpers/samocode-cli.js';
import { removeTempTrees } from '../helpers/temp-session.js';

afterEach(async () => {
  await stopSessionRuns();
  removeTempTrees();
});

const signal = (content: Record<string, unknown>) => [{ do: 'signal', content }];
const TO_PLAN = [
  signal({ status: 'continue', phase: 'investigation' }),
  signal({ status: 'continue', phase: 'requirements' }),
  signal({ status: 'continue', phase: 'planning' }),
  signal({ status: 'waiting', for: 'plan_approval' }),
];
const TO_DONE = [
  signal({ status: 'continue', phase: 'testing' }),
  signal({ status: 'continue', phase: 'done' }),
  signal({ status: 'done', summary: 'finished' }),
];

type Cli = Awaited<ReturnType<typeof makeSessionCli>>;

/** Polls until `read` returns something, failing with `what` after a generous deadline. */
async function until<T>(what: string, read: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The waiting run's gate line in session.log: the gate id it waits at (the n-th wait). */
function waitingAt(h: Cli, nth = 1): Promise<string> {
  return until(`wait #${nth} in session.log`, () => {
    const log = join(h.sessionDir(), 'session.log');
    if (!existsSync(log)) return undefined;
    const ids = [...readFileSync(log, 'utf8').matchAll(/waiting at gate (\S+): /g)].map((m) => m[1] ?? '');
    return ids[nth - 1];
  });
}

const decisionRows = (h: Cli) =>
  readHistory(join(h.sessionDir(), '_signal_history.jsonl')).rows.filter((row) => row.decision !== undefined);

describe('walk away: run --wait and gate commands [slow: ~20 s per test]', { timeout: 180_000 }, () => {
  it('approve from another shell: the waiting run goes on to completion; a second approval and an old gate change nothing', async () => {
    const h = await makeSessionCli('wait', [...TO_PLAN, ...TO_DONE]);
    const run = h.samocode('run', '--wait');
    const gate = await waitingAt(h);
    expect(gate).toMatch(/\/g1-approval$/);
    const log = readFileSync(join(h.sessionDir(), 'session.log'), 'utf8');
    expect(log).toContain(`approve: samocode approve --config `);
    const status = await h.samocode('status', '--json');
    expect(JSON.parse(String(status.stdout)).view.gate.id).toBe(gate);
    expect((await h.samocode('status')).stdout).toMatch(
      new RegExp(
        `^gate: ${gate} \\(approve or reject the plan .*\\n  approve: samocode approve --config `,
        'm',
      ),
    );

    const approve = await h.samocode('approve');
    expect(approve.exitCode).toBe(0);
    expect(approve.stdout).toMatch(
      /^approved at \d\d:\d\d by \S+ via cli: the run waiting at the gate \(pid \d+\) took it/,
    );
    const ended = await run;
    expect(ended.exitCode).toBe(0);
    expect(h.invocations()).toHaveLength(7);

    const rows = decisionRows(h);
    expect(rows.map((row) => [row.event, row.decision?.gateId, row.decision?.channel])).toEqual([
      ['approve', gate, 'cli'],
    ]);
    // A figure, not an assertion: from the decision's record to the waiting run's row applying it.
    const [row] = rows;
    if (row?.decision)
      console.info(
        `walk-away: decision applied ${Date.parse(row.time) - Date.parse(row.decision.at)} ms after it was recorded`,
      );
    const again = await h.samocode('approve');
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain('not waiting for plan approval');
    const old = await h.samocode('approve', '--gate', gate);
    expect(old.exitCode).toBe(2);
    expect(old.stderr).toMatch(
      /that gate is closed \(approved at \d\d:\d\d by \S+ via cli\); nothing changed/,
    );
    expect(decisionRows(h)).toHaveLength(1);
    const shown = JSON.parse(String((await h.samocode('status', '--json')).stdout));
    expect(shown.view.lastDecision.text).toMatch(/^approved at \d\d:\d\d by \S+ via cli$/);
  });

  it('two approvals at once apply once: one is told the other came first', async () => {
    const h = await makeSessionCli('twice', [...TO_PLAN, ...TO_DONE]);
    const run = h.samocode('run', '--wait');
    await waitingAt(h);
    const both = await Promise.all([h.samocode('approve'), h.samocode('approve')]);
    expect(both.map((one) => one.exitCode).sort()).toEqual([0, 2]);
    // The later one finds the gate being decided, or already passed: told who decided it either way.
    expect(both.map((one) => String(one.stderr)).join('')).toMatch(
      /already approved at \d\d:\d\d by \S+ via cli|the last decision: approved at \d\d:\d\d by \S+ via cli/,
    );
    expect((await run).exitCode).toBe(0);
    expect(decisionRows(h)).toHaveLength(1);
  });

  it('answers from a file reach _qa.md and the waiting run goes on', async () => {
    const h = await makeSessionCli('qa', [
      signal({ status: 'continue', phase: 'investigation' }),
      signal({ status: 'continue', phase: 'requirements' }),
      signal({ status: 'waiting', for: 'qa_answers' }),
      signal({ status: 'continue', phase: 'planning' }),
      signal({ status: 'waiting', for: 'plan_approval' }),
    ]);
    const run = h.samocode('run', '--wait');
    const gate = await waitingAt(h);
    expect(gate).toMatch(/\/g1-answers$/);
    const answers = join(h.project.root, 'answers.md');
    writeFileSync(answers, '# Q&A\n\n1. Which database? Postgres.\n');
    const answer = await h.samocode('answer', '--file', answers);
    expect(answer.exitCode).toBe(0);
    expect(readFileSync(join(h.sessionDir(), '_qa.md'), 'utf8')).toBe(
      '# Q&A\n\n1. Which database? Postgres.\n',
    );
    expect(await waitingAt(h, 2)).toMatch(/\/g2-approval$/);
    expect(decisionRows(h).map((row) => row.decision?.action)).toEqual(['answer']);
    const stop = await h.samocode('stop');
    expect(stop.exitCode).toBe(0);
    expect(stop.stdout).toMatch(
      /^stop requested at \d\d:\d\d by \S+ via cli: the run \(pid \d+\) stopped; the session is resumable/,
    );
    const ended = await run;
    expect(ended.exitCode).toBe(130);
    expect(ended.stderr).toContain('stopped by request');
    // Resumable: the next decision is applied by the command itself.
    expect((await h.samocode('approve')).exitCode).toBe(0);
  });

  it('reject sends planning again with the reason; Ctrl-C during the wait leaves it resumable', async () => {
    const h = await makeSessionCli('reject', [
      ...TO_PLAN,
      signal({ status: 'waiting', for: 'plan_approval' }),
      ...TO_DONE,
    ]);
    const run = h.samocode('run', '--wait');
    await waitingAt(h);
    const reject = await h.samocode('reject', '--reason', 'split the migration out');
    expect(reject.exitCode).toBe(0);
    expect(await waitingAt(h, 2)).toMatch(/\/g2-approval$/);
    expect(h.invocations()[4]?.prompt).toContain('split the migration out');
    run.kill('SIGINT');
    const ended = await run;
    expect(ended.exitCode).toBe(130);
    expect(existsSync(join(h.sessionDir(), '_run.lock'))).toBe(false);
    // No waiting run: approve applies it itself, and the next run finishes.
    const approve = await h.samocode('approve');
    expect(approve.exitCode).toBe(0);
    expect(approve.stdout).toContain('approved the plan: implementation is next');
    expect((await h.samocode('run')).exitCode).toBe(0);
    expect(decisionRows(h).map((row) => row.decision?.action)).toEqual(['reject', 'approve']);
  });

  it('a spend block waits for a grant with an amount, a human action for approve; the run ends complete', async () => {
    const write = (path: string) => ({ do: 'write', path, content: path });
    // The first call costs $0.0168 (three tool calls): a second as large would pass the $0.02 cap.
    const h = await makeSessionCli(
      'grant',
      [
        [write('a1'), write('a2'), { do: 'signal', content: { status: 'continue', phase: 'investigation' } }],
        signal({ status: 'continue', phase: 'requirements' }),
        signal({ status: 'continue', phase: 'planning' }),
        signal({ status: 'waiting', for: 'plan_approval' }),
        signal({ status: 'waiting', for: 'human_action', summary: 'rotate the API key' }),
        ...TO_DONE,
      ],
      { env: { SAMOCODE_MAX_COST_USD: '0.02' } },
    );
    const run = h.samocode('run', '--wait', '--auto-approve');
    expect(await waitingAt(h)).toMatch(/\/g1-grant$/);
    const bare = await h.samocode('grant');
    expect(bare.exitCode).toBe(2);
    expect(bare.stderr).toContain('a spend cap blocks the session, so a grant needs an amount');
    const grant = await h.samocode('grant', 'cost=1');
    expect(grant.exitCode).toBe(0);
    expect(await waitingAt(h, 2)).toMatch(/\/g\d+-action$/);
    expect((await h.samocode('approve')).exitCode).toBe(0);
    expect((await run).exitCode).toBe(0);
    expect(decisionRows(h).map((row) => [row.event, row.decision?.action])).toEqual([
      ['resume', 'grant'],
      ['resume', 'approve'],
    ]);
  });

  it('stop ends a run at work: the provider is stopped, the run exits 130, and the next run goes on', async () => {
    const h = await makeSessionCli('work', [[{ do: 'hang' }], ...TO_PLAN]);
    const run = h.samocode('run');
    await until('the provider to start', () => h.invocations()[0]);
    const stop = await h.samocode('stop', '--reason', 'lunch');
    expect(stop.exitCode).toBe(0);
    expect(stop.stdout).toMatch(/^stop requested at \d\d:\d\d by \S+ via cli: the run \(pid \d+\) stopped/);
    const ended = await run;
    expect(ended.exitCode).toBe(130);
    expect(ended.stderr).toContain('stopped by request');
    const none = await h.samocode('stop');
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain('nothing to stop');
    expect((await h.samocode('run')).exitCode).toBe(10);
  });
});
