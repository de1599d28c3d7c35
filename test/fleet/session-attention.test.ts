import { describe, expect, it } from 'vitest';
import { classifyAttention, findUnknownState, needsHuman } from '../../src/fleet/session-attention.js';

describe('classifyAttention', () => {
  it.each([
    [{ phase: 'planning', sub: 'awaitingApproval' }, false, 'waiting'],
    [{ phase: 'requirements', sub: 'awaitingHuman' }, true, 'waiting'],
    [{ phase: 'init', sub: 'blocked' }, false, 'blocked'],
    [{ phase: 'init', sub: 'failed' }, false, 'failed'],
    [{ phase: 'testing', sub: 'suspended' }, true, 'suspended'],
    [{ phase: 'testing', sub: 'running' }, true, 'running'],
    [{ phase: 'testing', sub: 'retrying' }, true, 'running'],
    [{ phase: 'testing', sub: 'running' }, false, 'interrupted'],
    [{ phase: 'testing', sub: 'retrying' }, false, 'interrupted'],
    [{ phase: 'completed', sub: '' }, false, 'completed'],
  ] as const)('%o with a live worker %s is %s', (state, isLive, attention) => {
    expect(classifyAttention(state, isLive)).toBe(attention);
  });

  it('a session without a saved state is new, or running when a worker holds it', () => {
    expect(classifyAttention(undefined, false)).toBe('new');
    expect(classifyAttention(undefined, true)).toBe('running');
  });

  it('waiting, blocked, failed, corrupt and interrupted sessions need a human; the rest do not', () => {
    expect(
      (
        [
          'waiting',
          'blocked',
          'failed',
          'corrupt',
          'interrupted',
          'suspended',
          'running',
          'new',
          'completed',
        ] as const
      ).map(needsHuman),
    ).toEqual([true, true, true, true, true, false, false, false, false]);
  });

  it('names an unknown phase or sub-state and accepts the known ones', () => {
    expect(findUnknownState({ phase: 'shipping', sub: 'running' })).toBe('unknown phase "shipping"');
    expect(findUnknownState({ phase: 'init', sub: 'dreaming' })).toBe('unknown sub-state "dreaming"');
    expect(findUnknownState({ phase: 'init', sub: 'running' })).toBeUndefined();
    expect(findUnknownState({ phase: 'completed', sub: '' })).toBeUndefined();
  });
});
