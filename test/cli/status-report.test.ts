import { describe, expect, it } from 'vitest';
import { initialContext } from '../../machines/context.js';
import { buildStatusReport, renderStatusReport } from '../../src/cli/commands/status-report.js';
import type { HistoryRow } from '../../src/session/history.js';

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
      folder: '26-01-01-demo',
      dir: '/s/26-01-01-demo',
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
      reason: 'need the key (needs environment)',
      worker: { isRunning: true, pid: 42 },
      costUsd: 0.625,
      tokens: { input: 200, output: 40 },
      corruptHistoryLines: 1,
    });
    expect(report.lastSignal?.event).toBe('signal.blocked');
    const text = renderStatusReport(report);
    expect(text).toContain('reason: need the key (needs environment)');
    expect(text).toContain('worker: running (pid 42 on h since t)');
    expect(text).toContain('cost so far: $0.6250');
  });

  it('a session never run says so', () => {
    const report = buildStatusReport({
      folder: 'x',
      dir: '/x',
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

  it('reads an old or hand-edited context field by field: a bad field is left out, the rest is shown', () => {
    const { spend: _spend, granted: _granted, ...older } = initialContext();
    const report = buildStatusReport({
      folder: 'old',
      dir: '/s/old',
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
      caps: { session: { ms: 60_000 }, phases: {} },
    });
    expect(report.totalIterations).toBe(4);
    expect(report.counters).toMatchObject({ investigation: 4 });
    expect(report.reason).toBeUndefined();
    // No spend book (an older session): the time spent is what the history rows say.
    expect(report.providerMs).toBe(1500);
    expect(report.budgets).toEqual([{ scope: 'session', kind: 'ms', spent: 1500, cap: 60_000 }]);
  });
});
