import { describe, expect, it } from 'vitest';
import { mapPhases } from '../../machines/phases.js';
import { BUILT_IN_PRICES } from '../../src/providers/prices.js';
import { ASSUMED_ATTEMPT_TOKENS, attemptTokensOf, buildPlanCost } from '../../src/runner/plan-cost.js';

const none = mapPhases(() => 0);
const tokens = { input: 1_000_000, output: 100_000, basis: 'assumed' as const };

describe('buildPlanCost', () => {
  it('prices each phase at its model and its escalations at the escalation model', () => {
    const cost = buildPlanCost(
      { perPhase: { ...none, init: 2, implementation: 3 }, escalations: { ...none, implementation: 1 } },
      2,
      { provider: 'claude', model: 'sonnet', phaseModels: { init: 'haiku' }, escalateModel: 'opus' },
      BUILT_IN_PRICES,
      tokens,
    );
    // haiku: 2 attempts × ($1 + $0.50) = $3 an iteration; sonnet: 2 × ($3 + $1.50) = $9; opus: 2 × ($15 + $7.50) = $45.
    expect(cost.perPhase).toEqual([
      { phase: 'init', model: 'haiku', iterations: 2, escalations: 0, costUsd: 6 },
      {
        phase: 'implementation',
        model: 'sonnet',
        iterations: 3,
        escalations: 1,
        escalationModel: 'opus',
        costUsd: 63,
      },
    ]);
    expect(cost.totalUsd).toBe(69);
  });

  it('without an escalation model the escalated iterations run on the phase model; codex uses the table', () => {
    const cost = buildPlanCost(
      { perPhase: { ...none, testing: 2 }, escalations: { ...none, testing: 2 } },
      1,
      { provider: 'codex', model: 'gpt-5', phaseModels: { testing: 'gpt-5-mini' }, escalateModel: '' },
      BUILT_IN_PRICES,
      tokens,
    );
    // gpt-5-mini: $0.25 + $0.20 an attempt.
    expect(cost.perPhase[0]).toMatchObject({ model: 'gpt-5-mini', escalationModel: 'gpt-5-mini' });
    expect(cost.totalUsd).toBeCloseTo(0.9);
  });
});

describe('attemptTokensOf', () => {
  const row = (input: number, output: number, attempts: number) => ({ tokens: { input, output }, attempts });

  it('takes the largest attempt the history shows, per attempt', () => {
    expect(attemptTokensOf([row(300, 30, 3), row(150, 90, 1), row(0, 0, 2)])).toEqual({
      input: 150,
      output: 90,
      basis: 'history',
    });
  });

  it('assumes a size, and says so, without a recorded attempt', () => {
    expect(attemptTokensOf([row(0, 0, 1)])).toEqual({ ...ASSUMED_ATTEMPT_TOKENS, basis: 'assumed' });
  });
});
