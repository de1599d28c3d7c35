import { describe, expect, it } from 'vitest';
import type { WorkflowEvent } from '../../machines/events.js';
import { initialContext } from '../../machines/workflow.js';
import { buildHistoryRow, isIterationEnd } from '../../src/runner/history-row.js';

const running = (phase: string) => ({ phase, sub: 'running' });

describe('isIterationEnd', () => {
  it.each<[WorkflowEvent, { phase: string; sub: string }, boolean]>([
    [{ type: 'signal.continue' }, running('init'), true],
    [{ type: 'signal.continue', target: 'investigation' }, running('investigation'), true],
    [{ type: 'agent.noSignal' }, { phase: 'init', sub: 'retrying' }, false],
    [{ type: 'agent.noSignal' }, { phase: 'init', sub: 'blocked' }, true],
    [
      { type: 'agent.failed', kind: 'transient', outcome: 'network', message: '' },
      { phase: 'init', sub: 'retrying' },
      false,
    ],
    [
      { type: 'agent.failed', kind: 'fatal', outcome: 'auth', message: '' },
      { phase: 'init', sub: 'failed' },
      true,
    ],
    [{ type: 'agent.limited', waitMs: 1, message: '' }, { phase: 'init', sub: 'suspended' }, false],
    [{ type: 'resume' }, running('init'), false],
  ])('%j into %j → %s', (event, after, expected) => {
    expect(isIterationEnd(event, running('init'), after)).toBe(expected);
  });
});

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
      outcome: 'success' as const,
      message: '',
      durationMs: 7,
      exitCode: 0,
      inputTokens: 3,
      outputTokens: 4,
      costUsd: 0.5,
      logFile: '',
      stderrFile: '',
      rawSignal: '{"status":"continue","phase":"done"}',
    };
    const row = buildHistoryRow({
      event: { type: 'signal.continue', target: 'done' },
      before: running('init'),
      after: { phase: 'init', sub: 'blocked' },
      beforeContext: before,
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
      outcome: 'success' as const,
      message: '',
      durationMs: 1,
      exitCode: 0,
      inputTokens: 2000,
      outputTokens: 100,
      costUsd: 0.0035,
      logFile: '',
      stderrFile: '',
    };
    const row = buildHistoryRow({
      event: { type: 'signal.continue' },
      before: running('init'),
      after: running('init'),
      beforeContext: initialContext(),
      afterContext: initialContext(),
      reports: [
        { ...report, billing: 'login', isCostEstimated: true },
        { ...report, attempt: 2, billing: 'CODEX_API_KEY' },
      ],
      provider: 'codex',
      model: '',
      time: new Date('2026-01-01T00:00:00Z'),
    });
    expect(row).toMatchObject({ costUsd: 0.007, costEstimated: true, billing: 'login+CODEX_API_KEY' });
  });
});
