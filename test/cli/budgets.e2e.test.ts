/** Budgets, `plan` and stalls as a user meets them: the real CLI, a real git repo, the fake claude. Integration tier. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { readHistory } from '../../src/session/history.js';
import { readFakeLog } from '../helpers/fake-log.js';
import { BIN, makeSessionCli, ROOT, stopSessionRuns } from '../helpers/samocode-cli.js';
import { removeTempTrees } from '../helpers/temp-session.js';

afterEach(async () => {
  await stopSessionRuns();
  removeTempTrees();
});

const setUp = (calls: unknown[], env: Record<string, string> = {}) => makeSessionCli('demo', calls, { env });

describe('samocode plan (fake claude, real git) [slow]', { timeout: 120_000 }, () => {
  it('prints the worst case of a fresh session from the registry budgets and the settings', async () => {
    const h = await setUp([], {
      CLAUDE_TIMEOUT: '600',
      SAMOCODE_MAX_RETRIES: '2',
      SAMOCODE_RETRY_DELAY: '10',
    });
    const plan = await h.samocode('plan', '--max-cost', '5');
    expect(plan.exitCode).toBe(0);
    const lines = String(plan.stdout).split('\n');
    expect(lines[0]).toBe('worst case from init.running, before the session must stop for a human:');
    expect(lines[1]).toBe(
      '  iterations: 178 (init 5, investigation 20, requirements 10, planning 10, implementation 100, testing 20, quality 10, done 3)',
    );
    expect(lines[2]).toBe('  attempts: 359 = (178 + 1) iterations × 2 attempts + 1 after a usage-limit wait');
    // 359 × 600 s + 179 × 10 s + 6 h = 238,790 s.
    expect(lines[3]).toBe(
      '  wall time: 66.3 h = 359 attempts × 600 s + 179 × 10 s backoff + 6.0 h longest usage-limit wait',
    );
    expect(lines[4]).toMatch(/^ {2}cost: at most \$5\.00 \(the cap; spent \$0\.00 so far\)/);
    const json = await h.samocode('plan', '--json');
    expect(JSON.parse(String(json.stdout)).bound).toMatchObject({ iterations: 178, attempts: 359 });
  });
});

const signal = (content: Record<string, unknown>) => ({ do: 'signal', content });
const write = (path: string) => ({ do: 'write', path, content: path });
const invocationCount = (script: string): number => readFakeLog(script).length;

describe('budgets and stalls in a run (fake claude, real git) [slow]', { timeout: 180_000 }, () => {
  it('blocks before the iteration that would pass a $0.05 cap, keeps the spend over restarts, and continues with --grant', async () => {
    // Each call makes three tool calls, $0.0168 at the fake's $0.0056 each: a third would pass $0.05.
    const h = await setUp(
      [
        [write('a1'), write('a2'), signal({ status: 'continue', phase: 'investigation' })],
        [write('b1'), write('b2'), signal({ status: 'continue', summary: 'b' })],
        [write('c1'), write('c2'), signal({ status: 'continue', summary: 'c' })],
      ],
      { SAMOCODE_MAX_COST_USD: '0.05' },
    );
    const first = await h.samocode('run');
    expect(first.exitCode).toBe(11);
    expect(first.stderr).toContain(
      'worst case from init.running (a limit, not an estimate): 178 iterations (the phase budgets), 538 attempts (3 per iteration), 275.0 h (1800 s per attempt, a usage-limit wait of up to 6.0 h), cost capped at $0.05; to cap it, run with --max-hours 2 (samocode plan shows the whole bound)',
    );
    expect(first.stderr).toContain(
      'blocked in investigation: the next iteration would pass the session cost cap ($0.03 spent of $0.05; the largest attempt used $0.02)\n',
    );
    // The next step names the grant that lets the next iteration start: $0.0336 + $0.0168 - $0.05, rounded up to a cent.
    expect(first.stderr).toMatch(
      / {2}next: grant \$0\.01 more and run again: samocode run --config \S+ --session \S+ --grant cost=0\.01$/m,
    );
    expect(first.stderr).not.toMatch(/info blocked in .*rule 8/);
    expect(invocationCount(h.script)).toBe(2);

    const again = await h.samocode('run');
    expect(again.exitCode).toBe(11);
    expect(again.stderr).toContain('($0.03 spent of $0.05; the largest attempt used $0.02)');
    expect(invocationCount(h.script)).toBe(2);

    const granted = await h.samocode('run', '--grant', 'cost=0.05', '--once');
    expect(granted.exitCode).toBe(0);
    expect(invocationCount(h.script)).toBe(3);
    const status = JSON.parse(String((await h.samocode('status', '--json')).stdout));
    expect(status.budgets).toHaveLength(1);
    expect(status.budgets[0]).toMatchObject({ scope: 'session', kind: 'costUsd' });
    expect(status.budgets[0].spent).toBeCloseTo(0.0504);
    expect(status.budgets[0].cap).toBeCloseTo(0.1);
    expect(status.billing).toEqual(['ANTHROPIC_API_KEY']);
  });

  it('blocks with "no progress" when the agent changes nothing and signals the same for 3 iterations', async () => {
    const h = await setUp([[signal({ status: 'continue', summary: 'looking' })]]);
    const run = await h.samocode('run');
    expect(run.exitCode).toBe(11);
    expect(run.stderr).toContain(
      'blocked in init: 3 iterations in a row changed nothing (the same worktree, session documents and signal)\n',
    );
    expect(invocationCount(h.script)).toBe(3);
  });

  it('kills a provider that prints nothing for the stall time and retries it as a transient failure', async () => {
    const h = await setUp(
      [
        [{ do: 'say', text: 'thinking' }, { do: 'hang' }],
        [signal({ status: 'continue', phase: 'investigation' })],
      ],
      { SAMOCODE_STALL_MINUTES: '0.05' },
    );
    const run = await h.samocode('run', '--once');
    expect(run.exitCode).toBe(0);
    expect(invocationCount(h.script)).toBe(2);
    const rows = readHistory(join(h.sessionDir(), '_signal_history.jsonl')).rows;
    expect(rows).toMatchObject([
      { iteration: 1, attempts: 2, event: 'signal.continue', target: 'investigation' },
    ]);
    expect(readFileSync(join(h.sessionDir(), 'session.log'), 'utf8')).toContain('stalled stream');
  });
});

describe('numbers a provider sends that cannot be true (fake claude, real git) [slow]', {
  timeout: 180_000,
}, () => {
  const figures = (result: Record<string, unknown>, omit: string[] = []) => ({ do: 'figures', result, omit });
  const next = (summary: string) => signal({ status: 'continue', summary });

  it.each([
    ['a negative total_cost_usd', figures({ total_cost_usd: -5 }), 'total_cost_usd -5, which cannot be true'],
    [
      'a total_cost_usd of 1e308',
      figures({ total_cost_usd: 1e308 }),
      'total_cost_usd 1e+308, which cannot be true',
    ],
    [
      'a total_cost_usd sent as a string',
      figures({ total_cost_usd: '0.5' }),
      'total_cost_usd "0.5", which cannot be true',
    ],
    ['no total_cost_usd', figures({}, ['total_cost_usd']), 'claude reported no total_cost_usd'],
  ])(
    '%s counts as an estimate against --max-cost, is warned once, and leaves the session readable',
    async (_name, step, warning) => {
      const h = await setUp([
        [step, next('a')],
        [step, next('b')],
        [step, next('c')],
      ]);
      const run = await h.samocode('run', '--max-cost', '0.0025');
      // The first attempt's tokens at opus prices come to a few cents, past the cap: no second spawn.
      expect(run.exitCode).toBe(11);
      expect(invocationCount(h.script)).toBe(1);
      expect(run.stderr).toMatch(
        /the next iteration would pass the session cost cap \(\$0\.0\d spent of \$0\.0025;/,
      );
      expect(run.stderr).toContain('cost capped at $0.0025');
      expect(String(run.stderr).split(warning).length - 1).toBe(1);
      expect(run.stderr).not.toContain('Infinity');
      expect(run.stderr).not.toContain('ended without a result');
      const rows = readHistory(join(h.sessionDir(), '_signal_history.jsonl')).rows;
      expect(rows).toMatchObject([{ iteration: 1, state: 'init.blocked', costEstimated: true }]);
      expect(rows[0]?.costUsd).toBeGreaterThan(0.0025);
      const status = await h.samocode('status', '--json');
      expect(status.exitCode).toBe(0);
      expect(JSON.parse(String(status.stdout))).toMatchObject({ costBasis: 'estimated' });
      const listed = await execa('node', [BIN, 'ls', '--json', '--config', h.project.configPath], {
        cwd: ROOT,
        reject: false,
        env: { HOME: h.project.root },
      });
      expect(listed.exitCode).toBe(0);
      const [only] = JSON.parse(String(listed.stdout)).sessions;
      expect(only).toMatchObject({ attention: 'blocked', problems: [], spend: { costBasis: 'estimated' } });
    },
  );
});
