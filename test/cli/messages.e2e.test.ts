/**
 * What a new user reads, through the real bin with the fake CLIs: status and approve agree on a
 * missing session; waits name files by full path; counts, Flow Log numbers and costs agree between
 * the console, `status` and `_overview.md`; the finished overview says how the run ended. Integration tier.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_CODEX, makeCliProject } from '../helpers/samocode-cli.js';
import { removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

const signal = (content: Record<string, unknown>) => [{ do: 'signal', content }];
const TO_PLANNING = [
  signal({ status: 'continue', phase: 'investigation' }),
  signal({ status: 'continue', phase: 'requirements' }),
  signal({ status: 'continue', phase: 'planning' }),
];
const THROUGH_DONE = [
  ...TO_PLANNING,
  signal({ status: 'waiting', for: 'plan_approval' }),
  signal({ status: 'continue', phase: 'testing' }),
  signal({ status: 'continue', phase: 'done' }),
  signal({ status: 'done', summary: 'all done' }),
];

const overviewLine = (text: string, key: string) => new RegExp(`^${key}: (.*)$`, 'm').exec(text)?.[1];
const flowLog = (text: string) => text.split('\n').filter((line) => /^- \[\d{3} @ /.test(line));
/** A dollar figure with more than two decimals, the format nothing may print any more. */
const LONG_DOLLARS = /\$\d+\.\d{3,}/;

describe('messages [slow: ~5 s per command]', { timeout: 120_000 }, () => {
  it('status and approve both exit 2 on a session that does not exist, creating nothing', async () => {
    const h = await makeCliProject();
    const args = ['--config', h.project.configPath, '--session', 'nope'];
    const status = await h.samocode(['status', ...args]);
    const approve = await h.samocode(['approve', ...args]);
    expect([status.exitCode, approve.exitCode]).toEqual([2, 2]);
    expect(status.stderr).toContain(`samocode: no session "nope" in ${h.project.sessions}`);
    expect(h.sessionDirs()).toEqual([]);
  });

  it('a Q&A wait names _qa.md by its full path and the command to run next', async () => {
    const h = await makeCliProject([
      signal({ status: 'continue', phase: 'investigation' }),
      signal({ status: 'continue', phase: 'requirements' }),
      signal({ status: 'waiting', for: 'qa_answers' }),
    ]);
    const run = await h.samocode(['run', '--config', h.project.configPath, '--session', 'qa']);
    expect(run.exitCode).toBe(10);
    const [dir] = h.sessionDirs();
    const folder = dir?.split('/').at(-1);
    const next = `answer the questions in ${dir}/_qa.md, then run: samocode run --config ${h.project.configPath} --session ${folder}`;
    expect(run.stderr).toContain(`waiting for your answers to the questions in _qa.md\n  next: ${next}`);
    expect(run.stderr).not.toMatch(/^.*info waiting for a human \(qa_answers\)/m);
    const status = await h.samocode(['status', '--config', h.project.configPath, '--session', 'qa']);
    expect(status.stdout).toContain(`folder: ${dir}\n`);
    expect(status.stdout).toContain(`next: ${next}`);
  });

  it('a failed first iteration counts as run everywhere, numbers its retries, says why it retries and which attempt of how many, and shows its unreported cost as n/a', async () => {
    const h = await makeCliProject([[{ do: 'crash', code: 1 }]]);
    const args = ['--config', h.project.configPath, '--session', 'crash'];
    const run = await h.samocode(['run', ...args]);
    expect(run.exitCode).toBe(12);
    const [dir = ''] = h.sessionDirs();
    const folder = dir.split('/').at(-1);
    const again = `samocode run --config ${h.project.configPath} --session ${folder}`;
    // Live: which attempt of how many, and why the next one runs.
    expect(run.stderr).toContain('init: iteration 1 attempt 1 of 3 started');
    expect(run.stderr).toMatch(
      /warn init: iteration 1 attempt 1 of 3 failed \(crash: claude: ended without a result .*\); retrying as attempt 2 of 3\n/,
    );
    expect(run.stderr).toContain('init: iteration 1 attempt 3 of 3 ended: crash · 0s · 0 tokens · n/a');
    const status = await h.samocode(['status', ...args]);
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toContain('iterations: 1 (init 1)\n');
    expect(status.stdout).toContain(
      'last iteration: #1 in init: the provider CLI ended without a result (3 attempts; ran on claude)\n',
    );
    const next = `look at the attempt logs in ${dir}/_logs, then run again: ${again}`;
    expect(status.stdout).toContain(`next: ${next}\n`);
    expect(status.stdout).toContain(
      'state: failed in init: all 3 attempts of iteration 1 failed; the last: the provider CLI ended without a result\n',
    );
    expect(status.stdout).toContain('cost so far: n/a (0 in / 0 out tokens)');
    const overview = readFileSync(join(dir, '_overview.md'), 'utf8');
    expect(overviewLine(overview, 'Iteration')).toBe('1 in init');
    expect(overviewLine(overview, 'Total Iterations')).toBe('1');
    expect(overviewLine(overview, 'Last Action')).toMatch(
      /^samocode: failed in init: all 3 attempts of iteration 1 failed; the last: the provider CLI ended without a result \(claude: ended without a result/,
    );
    expect(overviewLine(overview, 'Next')).toBe(next);
    // The retries are numbered by the iteration they belong to; [000] is only the session's creation.
    const lines = flowLog(overview).map((line) => line.replace(/ @ [^\]]*\]/, ']'));
    expect(lines).toEqual([
      '- [000] samocode: session created',
      '- [001] samocode: init.running -> init.retrying (attempt 1 of 3 failed (crash); retrying as attempt 2 of 3)',
      '- [001] samocode: init.running -> init.retrying (attempt 2 of 3 failed (crash); retrying as attempt 3 of 3)',
      '- [001] samocode: init.running -> init.failed (attempt 3 of 3 failed (crash))',
    ]);
  });

  it('a finished overview says how the run ended and what to do next; the auto-approval is logged as such; costs have one format', async () => {
    const h = await makeCliProject(THROUGH_DONE);
    const args = ['--config', h.project.configPath, '--session', 'auto'];
    const run = await h.samocode(['run', ...args, '--auto-approve']);
    expect(run.exitCode).toBe(0);
    const [dir = ''] = h.sessionDirs();
    const folder = dir.split('/').at(-1);
    const overview = readFileSync(join(dir, '_overview.md'), 'utf8');
    const next = `review the branch auto (in ${h.project.worktrees}/${folder}), merge it, then remove the worktree with: samocode clean --config ${h.project.configPath} --session ${folder}`;
    expect(overviewLine(overview, 'Last Action')).toBe(
      'samocode: complete (claimed by the agent, not verified; the branch has no commits of its own) (summary: all done)',
    );
    expect(overviewLine(overview, 'Next')).toBe(next);
    expect(overview).not.toContain('Run the init agent');
    expect(overviewLine(overview, 'Iteration')).toBe('1 in done');
    expect(overviewLine(overview, 'Total Iterations')).toBe('7');
    expect(overview).toMatch(
      /^- \[004 @ [^\]]*\] samocode: planning\.running -> implementation\.running \(plan auto-approved\)$/m,
    );
    for (const log of [run.stderr, readFileSync(join(dir, 'session.log'), 'utf8')])
      expect(log).toContain(
        'planning.running → implementation.running on signal.waiting (for: plan_approval) (plan auto-approved)',
      );
    const status = await h.samocode(['status', ...args]);
    expect(status.stdout).toContain('iterations: 7 (init 1, investigation 1');
    expect(status.stdout).toContain(`next: ${next}\n`);
    // The fake charges $0.0056 per tool call, one signal write per iteration.
    expect(status.stdout).toContain('cost so far: $0.04 (');
    expect(run.stderr).toMatch(/^total +7 +7 +\S+ +\S+ +\$0\.04$/m);
    expect(run.stderr).toContain('ended: success · 0s · 2.5k tokens · $0.01');
    for (const text of [run.stderr, status.stdout, overview]) expect(text).not.toMatch(LONG_DOLLARS);
  });

  it('a plan wait names the plan file by its full path, in the run and in status', async () => {
    const h = await makeCliProject([
      ...TO_PLANNING,
      [
        // The worktree folder is named after the session folder: the plan goes beside _overview.md.
        { do: 'shell', command: `echo '# plan' > "$SESSIONS/$(basename "$PWD")/004-plan-login.md"` },
        ...signal({ status: 'waiting', for: 'plan_approval' }),
      ],
    ]);
    const env = { SESSIONS: h.project.sessions };
    const args = ['--config', h.project.configPath, '--session', 'plan'];
    const run = await h.samocode(['run', ...args], { env });
    expect(run.exitCode).toBe(10);
    const [dir = ''] = h.sessionDirs();
    const folder = dir.split('/').at(-1);
    const next = `read the plan (${dir}/004-plan-login.md), then approve it and run: samocode approve --config ${h.project.configPath} --session ${folder} && samocode run --config ${h.project.configPath} --session ${folder}`;
    expect(run.stderr).toContain(`the plan waits for your approval\n  next: ${next}`);
    const status = await h.samocode(['status', ...args]);
    expect(status.stdout).toContain(`next: ${next}\n`);
    expect(overviewLine(readFileSync(join(dir, '_overview.md'), 'utf8'), 'Next')).toBe(next);
  });

  it('codex reports no cost: samocode estimates it from the price table and says so everywhere', async () => {
    const h = await makeCliProject([
      signal({ status: 'blocked', reason: 'stop here', needs: 'human_decision' }),
    ]);
    const env = { CODEX_PATH: FAKE_CODEX, CODEX_API_KEY: 'sk-fake', SAMOCODE_PROVIDER: 'codex' };
    const args = ['--config', h.project.configPath, '--session', 'cx'];
    const run = await h.samocode(['run', ...args], { env });
    expect(run.exitCode, String(run.stderr)).toBe(11);
    // 2000 in / 100 out tokens per codex turn at the default $1.25 / $10 per million: $0.0035.
    expect(run.stderr).toContain('ended: success · 0s · 2.1k tokens · ≈<$0.01 (estimated)');
    expect(run.stderr).toMatch(/^total .* ≈<\$0\.01 \(estimated\)$/m);
    const status = await h.samocode(['status', ...args], { env });
    expect(status.stdout).toContain('cost so far: ≈<$0.01 (estimated) (');
    expect(`${run.stderr}${status.stdout}`).not.toContain('$0.00');
  });
});
