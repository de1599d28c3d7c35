import { describe, expect, it } from 'vitest';
import { classifyAttention, needsHuman } from '../../src/fleet/session-attention.js';

describe('classifyAttention', () => {
  it.each([
    [{ phase: 'planning', sub: 'awaitingApproval' }, false, 'waiting'],
    [{ phase: 'requirements', sub: 'awaitingAnswers' }, true, 'waiting'],
    [{ phase: 'init', sub: 'blocked' }, false, 'blocked'],
    [{ phase: 'init', sub: 'failed' }, false, 'failed'],
    [{ phase: 'testing', sub: 'suspended' }, true, 'suspended'],
    [{ phase: 'testing', sub: 'running' }, true, 'running'],
    [{ phase: 'testing', sub: 'retrying' }, true, 'running'],
    [{ phase: 'testing', sub: 'running' }, false, 'interrupted'],
    [{ phase: 'testing', sub: 'retrying' }, false, 'interrupted'],
    [{ phase: 'completed' }, false, 'completed'],
    [{ phase: 'testing', sub: 'paused' }, false, 'paused'],
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
          'paused',
          'suspended',
          'running',
          'new',
          'completed',
        ] as const
      ).map(needsHuman),
    ).toEqual([true, true, true, true, true, false, false, false, false, false]);
  });
});
