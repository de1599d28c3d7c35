import { describe, expect, it } from 'vitest';
import { initialContext } from '../../machines/workflow.js';
import type { AttemptReport } from '../../src/providers/types.js';
import { buildHistoryRow } from '../../src/runner/history-row.js';

describe('buildHistoryRow', () => {
  it('records a rule rejection with the target the agent asked for and sums the attempts', () => {
    const before = initialContext();
    const after = {
      ...before,
      totalIterations: 1,
      blocked: {
        rule: 'target-not-allowed' as const,
        reason: 'rule 2: no',
        needs: 'human_decision' as const,
      },
    };
    const report = {
      phase: 'init',
      iteration: 1,
      attempt: 1,
      provider: 'codex' as const,
      model: '',
      outcome: 'success' as const,
      message: '',
      durationMs: 7,
      exitCode: 0,
      inputTokens: 3,
      outputTokens: 4,
      costUsd: 0.5,
      costBasis: 'reported' as const,
      logFile: '',
      stderrFile: '',
      rawSignal: '{"status":"continue","phase":"done"}',
    };
    const row = buildHistoryRow({
      ended: {
        type: 'iteration.ended',
        phase: 'init',
        iteration: 1,
        attempt: 1,
        event: { type: 'signal.continue', target: 'done' },
      },
      after: { phase: 'init', sub: 'blocked' },
      afterContext: after,
      reports: [report, { ...report, attempt: 2 }],
      provider: 'codex',
      model: '',
      time: new Date('2026-01-01T00:00:00Z'),
    });
    expect(row).toEqual({
      v: 1,
      time: '2026-01-01T00:00:00.000Z',
      iteration: 1,
      sourcePhase: 'init',
      rawSignal: '{"status":"continue","phase":"done"}',
      event: 'signal.continue',
      target: 'done',
      accepted: false,
      rejection: { rule: 'target-not-allowed', reason: 'rule 2: no' },
      state: 'init.blocked',
      outcome: 'success',
      attempts: 2,
      durationMs: 14,
      tokens: { input: 6, output: 8 },
      costUsd: 1,
      provider: 'codex',
      model: '',
    });
  });
});

describe('buildHistoryRow spend fields', () => {
  it('marks an estimated cost and names every billing source of the iteration', () => {
    const report = {
      phase: 'init',
      iteration: 1,
      attempt: 1,
      provider: 'codex' as const,
      model: '',
      outcome: 'success' as const,
      message: '',
      durationMs: 1,
      exitCode: 0,
      inputTokens: 2000,
      outputTokens: 100,
      costUsd: 0.0035,
      costBasis: 'reported' as const,
      logFile: '',
      stderrFile: '',
    };
    const row = buildHistoryRow({
      ended: {
        type: 'iteration.ended',
        phase: 'init',
        iteration: 1,
        attempt: 2,
        event: { type: 'signal.continue' },
      },
      after: { phase: 'init', sub: 'running' },
      afterContext: initialContext(),
      reports: [
        { ...report, billing: 'login', costBasis: 'estimated' as const },
        { ...report, attempt: 2, billing: 'CODEX_API_KEY' },
      ],
      provider: 'codex',
      model: '',
      time: new Date('2026-01-01T00:00:00Z'),
    });
    expect(row).toMatchObject({ costUsd: 0.007, costEstimated: true, billing: 'login+CODEX_API_KEY' });
  });

  it('names the provider of the last attempt, and of every attempt when one ran on the fallback', () => {
    const base = {
      phase: 'init',
      iteration: 1,
      outcome: 'success' as const,
      message: '',
      durationMs: 1,
      exitCode: 0,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      costBasis: 'reported' as const,
      logFile: '',
      stderrFile: '',
    };
    const input = {
      ended: {
        type: 'iteration.ended' as const,
        phase: 'init' as const,
        iteration: 1,
        attempt: 1,
        event: { type: 'signal.continue' as const },
      },
      after: { phase: 'init', sub: 'running' } as const,
      afterContext: initialContext(),
      provider: 'claude',
      model: 'opus',
      time: new Date('2026-01-01T00:00:00Z'),
    };
    const claude = { ...base, attempt: 1, provider: 'claude' as const, model: 'opus' };
    const codex = { ...base, attempt: 1, provider: 'codex' as const, model: 'gpt-5', isFallback: true };
    expect(
      buildHistoryRow({ ...input, reports: [{ ...claude, outcome: 'usage_limit' }, codex] }),
    ).toMatchObject({
      provider: 'codex',
      model: 'gpt-5',
      fallback: true,
      attemptProviders: ['claude', 'codex'],
    });
    const plain = buildHistoryRow({ ...input, reports: [claude] });
    expect(plain).toMatchObject({ provider: 'claude', model: 'opus' });
    expect(plain.fallback).toBeUndefined();
    expect(plain.attemptProviders).toBeUndefined();
    // Back on the primary after the reset, in an iteration that began on the fallback.
    const back = buildHistoryRow({ ...input, reports: [{ ...codex, outcome: 'usage_limit' }, claude] });
    expect(back).toMatchObject({ provider: 'claude', attemptProviders: ['codex', 'claude'] });
    expect(back.fallback).toBeUndefined();
  });

  it('marks a cost no attempt reported (claude died before its result line), and only then', () => {
    const report = {
      phase: 'init',
      iteration: 1,
      attempt: 1,
      outcome: 'crash' as const,
      message: '',
      durationMs: 1,
      exitCode: 1,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      costBasis: 'none' as const,
      provider: 'claude' as const,
      model: 'opus',
      logFile: '',
      stderrFile: '',
    };
    const rowOf = (reports: AttemptReport[]) =>
      buildHistoryRow({
        ended: {
          type: 'iteration.ended',
          phase: 'init',
          iteration: 1,
          attempt: 2,
          event: { type: 'agent.failed', kind: 'transient', outcome: 'crash', message: 'x' },
        },
        after: { phase: 'init', sub: 'failed' },
        afterContext: initialContext(),
        reports,
        provider: 'claude',
        model: 'opus',
        time: new Date('2026-01-01T00:00:00Z'),
      });
    expect(rowOf([report, { ...report, attempt: 2 }]).costUnreported).toBe(true);
    expect(rowOf([report, { ...report, attempt: 2, costBasis: 'reported' }]).costUnreported).toBeUndefined();
  });
});
