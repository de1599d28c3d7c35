/**
 * Verified completion as a user meets it: the real samocode CLI, a real git repo, the fake claude.
 * The agent claims `done` while VERIFY fails → back to testing with the failure in the prompt;
 * then it commits a fix → complete, verified, with a receipt naming the commit; `--push` to a
 * local bare origin. Integration tier.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readHistory } from '../../src/session/history.js';
import { git } from '../helpers/git.js';
import { makeSessionCli, stopSessionRuns } from '../helpers/samocode-cli.js';
import { removeTempTrees } from '../helpers/temp-session.js';

const IDENTITY = 'git -c user.email=a@example.com -c user.name=agent';

afterEach(async () => {
  await stopSessionRuns();
  removeTempTrees();
});

const signal = (content: Record<string, unknown>) => ({ do: 'signal', content });
const TO_TESTING = [
  [signal({ status: 'continue', phase: 'investigation' })],
  [signal({ status: 'continue', phase: 'requirements' })],
  [signal({ status: 'continue', phase: 'planning' })],
  [signal({ status: 'waiting', for: 'plan_approval' })],
  [signal({ status: 'continue', phase: 'testing' })],
];

async function setUp(calls: unknown[], samocodeFile = '') {
  const cli = await makeSessionCli('vfy', calls, { samocodeFile });
  return { ...cli, prompts: () => cli.invocations().map((invocation) => String(invocation.prompt)) };
}

describe('verified completion (fake claude, real git) [slow]', { timeout: 180_000 }, () => {
  it('a done while VERIFY fails goes back to testing with the failure; a committed fix completes verified', async () => {
    const h = await setUp(
      [
        ...TO_TESTING,
        [signal({ status: 'continue', phase: 'done' })],
        [signal({ status: 'done', summary: 'all good, trust me' })],
        [
          { do: 'write', path: 'fixed.txt', content: 'fixed' },
          { do: 'shell', command: `git add fixed.txt && ${IDENTITY} commit -qm fix` },
          signal({ status: 'continue', phase: 'done' }),
        ],
        [signal({ status: 'done', summary: 'fixed for real' })],
      ],
      'VERIFY=echo checking; test -f fixed.txt || { echo "fixed.txt is missing"; exit 4; }\n',
    );
    const run = await h.samocode('run', '--auto-approve');
    expect(run.exitCode).toBe(0);
    const head = await git(h.worktree(), 'rev-parse', 'HEAD');
    const command = 'echo checking; test -f fixed.txt || { echo "fixed.txt is missing"; exit 4; }';
    expect(run.stderr).toContain(
      `complete, verified: \`${command}\` passed on ${head.slice(0, 12)} (1 commit(s) on the branch, worktree clean)\n  summary: fixed for real\n`,
    );
    // The failed check said its cause on the console, not only in the files: exit code and log.
    expect(run.stderr).toMatch(
      new RegExp(
        `warn done: samocode's check of the agent's done failed: \`${command.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\` exited 4 after \\d+\\.\\d s; its output is in \\S+/_logs/007-verify\\.log; back to testing\n`,
      ),
    );

    // The testing iteration after the failed check was told why, with the output's tail.
    const prompts = h.prompts();
    expect(prompts).toHaveLength(9);
    expect(prompts[7]).toContain('# Verification failed');
    expect(prompts[7]).toContain('exited with code 4');
    expect(prompts[7]).toContain('checking\nfixed.txt is missing');
    expect(prompts[8]).not.toContain('# Verification failed');

    const rows = readHistory(join(h.sessionDir(), '_signal_history.jsonl')).rows;
    const verifyRows = rows.filter((row) => row.event.startsWith('verify.'));
    expect(verifyRows.map((row) => [row.event, row.verification, row.state, row.receipt?.exitCode])).toEqual([
      ['verify.failed', 'failed', 'testing.running', 4],
      ['verify.passed', 'verified', 'completed', 0],
    ]);
    expect(verifyRows[1]?.receipt?.head).toBe(head);
    expect(readFileSync(verifyRows[0]?.receipt?.logFile ?? '', 'utf8')).toContain('fixed.txt is missing');

    const status = JSON.parse(String((await h.samocode('status', '--json')).stdout));
    expect(status.state).toBe('completed');
    expect(status.completion).toBe(
      `complete, verified: \`echo checking; test -f fixed.txt || { echo "fixed.txt is missing"; exit 4; }\` passed on ${head.slice(0, 12)} (1 commit(s) on the branch, worktree clean)`,
    );
    expect(status.receipt.head).toBe(head);
    const overview = readFileSync(join(h.sessionDir(), '_overview.md'), 'utf8');
    expect(overview).toContain('complete, verified:');
  });

  it('a VERIFY that keeps failing ends blocked, and every surface names the command, its exit code, its output and its log', async () => {
    const toDone = [signal({ status: 'continue', phase: 'done' })];
    const done = [signal({ status: 'done', summary: 'trust me' })];
    const h = await setUp(
      [...TO_TESTING, toDone, done, toDone, done, toDone, done, toDone],
      'VERIFY=echo "1 test failed: add"; exit 3\n',
    );
    const run = await h.samocode('run', '--auto-approve');
    expect(run.exitCode).toBe(11);
    const dir = h.sessionDir();
    const log = `${dir}/_logs/011-verify.log`;
    const headline =
      'blocked in done: it has used all 3 of its iterations; samocode\'s check still fails: `echo "1 test failed: add"; exit 3` exited 3';
    expect(run.stderr).toContain(`${headline}\n`);
    expect(run.stderr).toMatch(
      new RegExp(
        `samocode's last check of the work failed: .* exited 3 after \\d+\\.\\d s; its output is in ${log}\n`,
      ),
    );
    expect(run.stderr).toContain('  last lines of its output:\n    1 test failed: add\n');
    expect(run.stderr).not.toContain('rule 8');
    const status = await h.samocode('status');
    expect(status.stdout).toContain(`state: ${headline}\n`);
    expect(status.stdout).toContain(`its output is in ${log}\n`);
    expect(status.stdout).toMatch(
      /^next: make `echo "1 test failed: add"; exit 3` pass, then run again to allow 3 more iterations of done: samocode run /m,
    );
    const json = JSON.parse(String((await h.samocode('status', '--json')).stdout));
    expect(json.view.lastCheck).toMatchObject({
      exitCode: 3,
      timedOut: false,
      logFile: log,
      tail: ['1 test failed: add'],
    });
    const overview = readFileSync(join(dir, '_overview.md'), 'utf8');
    expect(overview).toContain(
      `Last Action: samocode: ${headline} (samocode's last check of the work failed:`,
    );
    // Each failed round is in the Flow Log with its exit code and log, not only as a machine move.
    expect(overview).toMatch(
      /samocode: done\.verifying -> testing\.running \(samocode's check failed: `.*` exited 3 after \d+\.\d s; its output is in \S+\/_logs\/007-verify\.log; back to testing\)/,
    );
  });

  it('without VERIFY a completion is claimed everywhere, and uncommitted work is reported', async () => {
    const h = await setUp([
      ...TO_TESTING,
      [
        { do: 'write', path: 'work.txt', content: 'uncommitted' },
        signal({ status: 'continue', phase: 'done' }),
      ],
      [signal({ status: 'done', summary: 'finished' })],
    ]);
    const run = await h.samocode('run', '--auto-approve');
    expect(run.exitCode).toBe(0);
    const claimed =
      'complete (claimed by the agent, not verified; the branch has no commits of its own; 1 uncommitted change(s) in the worktree: commit them or they stay only there)';
    expect(run.stderr).toContain(`${claimed}\n  summary: finished\n`);
    const rows = readHistory(join(h.sessionDir(), '_signal_history.jsonl')).rows;
    expect(rows.at(-1)?.verification).toBe('claimed');
    const status = await h.samocode('status', '--json');
    expect(JSON.parse(String(status.stdout)).completion).toBe(claimed);
    const text = await h.samocode('status');
    expect(text.stdout).toContain(`state: ${claimed}\n`);
  });

  it('--push pushes the completed branch to a local bare origin', async () => {
    const h = await setUp(
      [
        ...TO_TESTING,
        [
          { do: 'shell', command: `${IDENTITY} commit -q --allow-empty -m work` },
          signal({ status: 'continue', phase: 'done' }),
        ],
        [signal({ status: 'done', summary: 'finished' })],
      ],
      'VERIFY=true\n',
    );
    const bare = join(h.project.root, 'origin.git');
    await git(h.project.root, 'init', '-q', '--bare', bare);
    await git(h.project.mainRepo, 'remote', 'add', 'origin', bare);
    const run = await h.samocode('run', '--auto-approve', '--push');
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain(`pushed branch vfy to origin (${bare})`);
    expect(await git(bare, 'rev-parse', 'refs/heads/vfy')).toBe(await git(h.worktree(), 'rev-parse', 'HEAD'));
  });
});
