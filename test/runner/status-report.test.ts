import { describe, expect, it } from 'vitest';
import { buildStatusReport, renderStatusReport } from '../../src/runner/status-report.js';
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
            totalIterations: 2,
            iterations: { init: 1, investigation: 1 },
            allowance: {},
            attempt: 1,
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
});
