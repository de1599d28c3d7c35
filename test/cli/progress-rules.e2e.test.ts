/**
 * The no-progress rule and the stall rule as a user meets them: the built bin, a real git repo,
 * the fake claude. Work the agent leaves in the session folder is progress; an agent that changes
 * nothing is still stopped at the configured limit; a stall on the last attempt does not promise a
 * retry. Integration tier.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readHistory } from '../../src/session/history.js';
import { makeSessionCli, stopSessionRuns } from '../helpers/samocode-cli.js';
import { removeTempTrees } from '../helpers/temp-session.js';

afterEach(async () => {
  await stopSessionRuns();
  removeTempTrees();
});

const signal = (content: Record<string, unknown>) => ({ do: 'signal', content });
const note = (name: string) => ({ do: 'note', name, content: `# ${name}\n\nwhat this iteration found\n` });
/** What init writes, and what an investigation that stays writes: the same signal every time. */
const STAY = signal({ status: 'continue', phase: 'investigation' });

describe('no progress, counted over the worktree, the session folder and the phase [slow]', {
  timeout: 180_000,
}, () => {
  it('init and three investigation iterations that each write a new notes file are not blocked', async () => {
    const h = await makeSessionCli('notes', [
      [STAY],
      [note('002-investigation-api.md'), STAY],
      [note('003-investigation-db.md'), STAY],
      [note('004-investigation-ui.md'), STAY],
      [signal({ status: 'blocked', reason: 'stop here for the test', needs: 'human_decision' })],
    ]);
    const run = await h.samocode('run');
    expect(run.exitCode).toBe(11);
    expect(run.stderr).toContain('stop here for the test');
    expect(run.stderr).not.toContain('no progress');
    const rows = readHistory(join(h.sessionDir(), '_signal_history.jsonl')).rows;
    expect(rows.map((row) => `${row.iteration}:${row.sourcePhase}:${row.rejection?.rule ?? 'ok'}`)).toEqual([
      '1:init:ok',
      '2:investigation:ok',
      '3:investigation:ok',
      '4:investigation:ok',
      '5:investigation:ok',
    ]);
    expect(h.invocations()).toHaveLength(5);
  });

  it('an agent that changes nothing is stopped after the configured number of iterations in one phase', async () => {
    const h = await makeSessionCli('idle', [[STAY]], { env: { SAMOCODE_NO_PROGRESS_ITERATIONS: '2' } });
    const run = await h.samocode('run');
    expect(run.exitCode).toBe(11);
    expect(run.stderr).toContain(
      'blocked in investigation: 2 iterations in a row changed nothing (the same worktree, session documents and signal)',
    );
    // init's iteration is another phase: the streak counts investigation's two.
    expect(h.invocations()).toHaveLength(3);
    const rows = readHistory(join(h.sessionDir(), '_signal_history.jsonl')).rows;
    expect(rows.at(-1)).toMatchObject({
      iteration: 3,
      event: 'signal.continue',
      accepted: false,
      rejection: { rule: 'no-progress' },
    });
  });
});

describe('a stalled stream on the last attempt [slow]', { timeout: 180_000 }, () => {
  it('fails the iteration without saying it retries', async () => {
    const h = await makeSessionCli('stall', [[{ do: 'say', text: 'thinking' }, { do: 'hang' }]], {
      env: { SAMOCODE_STALL_MINUTES: '0.03', SAMOCODE_MAX_RETRIES: '1' },
    });
    const run = await h.samocode('run');
    expect(run.exitCode).toBe(12);
    expect(run.stderr).toMatch(/stalled stream: the provider printed nothing for 1\.8 s, so it was killed/);
    expect(run.stderr).not.toMatch(/retrying/);
    expect(readFileSync(join(h.sessionDir(), 'session.log'), 'utf8')).not.toMatch(/retrying/);
    expect(h.invocations()).toHaveLength(1);
  });
});
