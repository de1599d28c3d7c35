import { describe, expect, it } from 'vitest';
import { initialContext } from '../../machines/context.js';
import { buildStatusReport, renderStatusReport } from '../../src/cli/commands/status-report.js';
import type { HistoryRow } from '../../src/session/history.js';
import { PLACE, SETTINGS } from '../view/view-cases.js';

const placeOf = (folder: string, dir: string) => ({ ...PLACE, folder, dir, configPath: '/p/.samocode' });

const row: HistoryRow = {
  v: 1,
  time: '2026-01-01T00:00:00.000Z',
  iteration: 2,
  sourcePhase: 'investigation',
  rawSignal: '{"status":"blocked"}',
  event: 'signal.blocked',
  target: 'investigation',
  accepted: true,
  rejection: null,
  state: 'investigation.blocked',
  outcome: 'success',
  attempts: 1,
  durationMs: 5,
  tokens: { input: 100, output: 20 },
  costUsd: 0.125,
  provider: 'claude',
  model: 'opus',
};

describe('status report', () => {
  it('shows the phase, counters, the block reason, the last signal, the worker and the cost', () => {
    const report = buildStatusReport({
      place: placeOf('26-01-01-demo', '/s/26-01-01-demo'),
      settings: SETTINGS,
      exists: true,
      state: {
        v: 1,
        snapshot: {
          status: 'active',
          value: { investigation: 'blocked' },
          context: {
            ...initialContext(),
            totalIterations: 2,
            iterations: { ...initialContext().iterations, init: 1, investigation: 1 },
            blocked: { rule: 'agent', reason: 'need the key', needs: 'environment' },
          },
        },
      },
      rows: [{ ...row, iteration: 1, costUsd: 0.5 }, row],
      skipped: 1,
      lock: { isLive: true, holder: { pid: 42, host: 'h', startedAt: 't' } },
      flowLog: ['- a'],
    });
    expect(report).toMatchObject({
      state: 'investigation.blocked',
      phase: 'investigation',
      subState: 'blocked',
      totalIterations: 2,
      counters: { init: 1, investigation: 1 },
      worker: { isRunning: true, pid: 42 },
      costUsd: 0.625,
      tokens: { input: 200, output: 40 },
      corruptHistoryLines: 1,
    });
    expect(report.lastSignal?.event).toBe('signal.blocked');
    const text = renderStatusReport(report);
    expect(text).toContain(
      'state: blocked in investigation: the agent needs a change to its environment\n  the agent says: need the key\n',
    );
    expect(text).toContain('worker: running (pid 42 on h since t)');
    expect(text).toContain('cost so far: $0.63 (200 in / 40 out tokens)');
    // A live run holds it: follow that run rather than start another.
    expect(text).toContain(
      'next: a samocode run holds it now; follow it with: tail -f /s/26-01-01-demo/session.log\n',
    );
    expect(text).toContain(
      'last iteration: #2 in investigation: the agent signalled blocked (accepted; ran on claude)\n',
    );
    expect(text).not.toContain('signal.blocked');
    expect(renderStatusReport(report, true)).toContain(
      'machine: investigation.blocked (exit 11; rule agent; needs environment)\n',
    );
    expect(renderStatusReport(report, true)).toContain('(accepted; ran on claude) [signal.blocked]\n');
  });

  it('a failed iteration counts as run, its row reads as a failure, and next names the command', () => {
    const report = buildStatusReport({
      place: placeOf('26-01-01-demo', '/s/26-01-01-demo'),
      settings: SETTINGS,
      exists: true,
      state: {
        v: 1,
        snapshot: {
          status: 'active',
          value: { init: 'failed' },
          context: {
            ...initialContext(),
            attempt: 4,
            failure: { outcome: 'crash', kind: 'transient', message: 'exit 1' },
          },
        },
      },
      rows: [
        {
          ...row,
          iteration: 1,
          sourcePhase: 'init',
          rawSignal: null,
          event: 'agent.failed',
          target: null,
          accepted: false,
          outcome: 'crash',
          attempts: 3,
          costUsd: 0,
          costUnreported: true,
        },
      ],
      skipped: 0,
      lock: { isLive: false },
      flowLog: [],
    });
    expect(report).toMatchObject({ totalIterations: 1, counters: { init: 1 }, costBasis: 'none' });
    expect(renderStatusReport(report).split('\n').slice(0, 7)).toEqual([
      'session: 26-01-01-demo',
      'folder: /s/26-01-01-demo',
      'state: failed in init: all 3 attempts of iteration 1 failed; the last: the provider CLI ended without a result',
      '  exit 1',
      'next: look at the attempt logs in /s/26-01-01-demo/_logs, then run again: samocode run --config /p/.samocode --session 26-01-01-demo',
      'iterations: 1 (init 1)',
      'last iteration: #1 in init: the provider CLI ended without a result (3 attempts; ran on claude)',
    ]);
    expect(renderStatusReport(report)).toContain('cost so far: n/a (100 in / 20 out tokens)');
  });

  it('a session never run says so', () => {
    const report = buildStatusReport({
      place: placeOf('x', '/x'),
      settings: SETTINGS,
      exists: false,
      state: undefined,
      rows: [],
      skipped: 0,
      lock: { isLive: false },
      flowLog: [],
    });
    expect(report.state).toBe('not started');
    expect(renderStatusReport(report)).toContain('session: x (not created yet)');
  });

  it('names the provider of the next attempt: the fallback until the primary resets, then the primary', () => {
    const until = Date.parse('2026-11-24T17:05:00.000Z');
    const input = (now: string) =>
      buildStatusReport({
        place: placeOf('x', '/x'),
        settings: SETTINGS,
        exists: true,
        state: {
          v: 1,
          snapshot: {
            status: 'active',
            value: { init: 'suspended' },
            context: { ...initialContext(), provider: 'fallback', fallbackUntil: until },
          },
        },
        rows: [
          { ...row, provider: 'codex', model: '', fallback: true, attemptProviders: ['claude', 'codex'] },
        ],
        skipped: 0,
        lock: { isLive: false },
        flowLog: [],
        providers: { primary: 'claude', fallback: 'codex' },
        now: new Date(now),
      });
    const during = input('2026-11-24T17:04:59.000Z');
    expect(during.providers).toEqual({
      primary: 'claude',
      fallback: 'codex',
      current: 'codex',
      primaryLimitedUntil: '2026-11-24T17:05:00.000Z',
    });
    expect(during.lastSignal).toMatchObject({ provider: 'codex', isFallback: true });
    const text = renderStatusReport(during);
    expect(text).toContain(
      "provider: codex, the fallback, until claude's usage limit resets at 2026-11-24T17:05:00.000Z",
    );
    expect(text).toContain('(accepted; ran on codex, the fallback)');
    const after = input('2026-11-24T17:05:00.000Z');
    expect(after.providers).toEqual({ primary: 'claude', fallback: 'codex', current: 'claude' });
    expect(renderStatusReport(after)).toContain('provider: claude (fallback: codex)');
  });

  it('reads an old or hand-edited context field by field: a bad field is left out, the rest is shown', () => {
    const { spend: _spend, granted: _granted, ...older } = initialContext();
    const report = buildStatusReport({
      place: placeOf('old', '/s/old'),
      settings: { ...SETTINGS, caps: { session: { ms: 60_000 }, phases: {} } },
      exists: true,
      state: {
        v: 1,
        snapshot: {
          status: 'active',
          value: { investigation: 'failed' },
          context: {
            ...older,
            totalIterations: 4,
            iterations: { ...older.iterations, investigation: 4 },
            failure: { outcome: 'auth', kind: 'permanent', message: 'an older kind' },
            summary: 7,
          },
        },
      },
      rows: [{ ...row, durationMs: 1500 }],
      skipped: 0,
      lock: { isLive: false },
      flowLog: [],
    });
    // Four counted, and the failed fifth counts as run.
    expect(report.totalIterations).toBe(5);
    expect(report.counters).toMatchObject({ investigation: 5 });
    // A failure kind this samocode does not know reads as absent: the view says only where it failed.
    expect(report.view.headline).toBe('failed in investigation');
    // No spend book (an older session): the time spent is what the history rows say.
    expect(report.providerMs).toBe(1500);
    expect(report.budgets).toEqual([{ scope: 'session', kind: 'ms', spent: 1500, cap: 60_000 }]);
  });
});
