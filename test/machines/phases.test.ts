import { describe, expect, it } from 'vitest';
import { PHASE_REGISTRY, PHASES } from '../../machines/phases.js';
import { canReach, isBudgetChecked, validateRegistry } from '../../machines/registry-graph.js';
import { applyMutation, registryUnderTest } from '../helpers/registry-mutations.js';

describe('the phase registry', () => {
  it('is sound', () => {
    expect(validateRegistry(registryUnderTest())).toEqual([]);
  });

  it('lists the eight phases in workflow order', () => {
    expect(PHASES).toEqual([
      'init',
      'investigation',
      'requirements',
      'planning',
      'implementation',
      'testing',
      'quality',
      'done',
    ]);
  });

  it.each([
    [
      'a wait without the waiting signal',
      { kind: 'drop-signal', phase: 'requirements', value: 'waiting' },
      /has waits/,
    ],
    [
      'done outside the done phase',
      { kind: 'add-signal', phase: 'init', value: 'done' },
      /'done' must be allowed/,
    ],
    [
      'a phase that cannot block',
      { kind: 'drop-signal', phase: 'testing', value: 'blocked' },
      /must allow 'blocked'/,
    ],
    [
      'a gate whose wait is gone',
      { kind: 'drop-wait', phase: 'planning', value: 'plan_approval' },
      /approval wait/,
    ],
    ['a budget of zero', { kind: 'budget', phase: 'init', value: 0 }, /maxIterations/],
  ] as const)('reports %s', (_name, mutation, problem) => {
    expect(validateRegistry(applyMutation(PHASE_REGISTRY, mutation)).join('\n')).toMatch(problem);
  });

  it('knows which moves can re-enter a phase that already spent iterations', () => {
    expect(canReach(PHASE_REGISTRY, 'testing', 'quality')).toBe(true);
    expect(canReach(PHASE_REGISTRY, 'implementation', 'planning')).toBe(false);
    expect(isBudgetChecked(PHASE_REGISTRY, 'quality', 'testing')).toBe(true);
    expect(isBudgetChecked(PHASE_REGISTRY, 'implementation', 'testing')).toBe(false);
    expect(isBudgetChecked(PHASE_REGISTRY, 'init', 'init')).toBe(true);
  });
});
