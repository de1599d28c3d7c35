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

  it('names the provider of the next attempt: the fallback until the primary resets, then the primary', () => {
    const until = Date.parse('2026-11-24T17:05:00.000Z');
    const input = (now: string) =>
      buildStatusReport({
        folder: 'x',
        dir: '/x',
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
    expect(text).toContain('accepted (ran on codex, the fallback)');
    const after = input('2026-11-24T17:05:00.000Z');
    expect(after.providers).toEqual({ primary: 'claude', fallback: 'codex', current: 'claude' });
    expect(renderStatusReport(after)).toContain('provider: claude (fallback: codex)');
  });
});
