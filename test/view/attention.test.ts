import { describe, expect, it } from 'vitest';
import { classifyAttention, NEEDS_HUMAN } from '../../src/view/attention.js';

describe('classifyAttention', () => {
  it.each([
    [{ phase: 'planning', sub: 'awaitingApproval' }, false, 'waiting'],
    [{ phase: 'requirements', sub: 'awaitingAnswers' }, true, 'waiting'],
    [{ phase: 'init', sub: 'blocked' }, false, 'blocked'],
    [{ phase: 'init', sub: 'failed' }, false, 'failed'],
    [{ phase: 'testing', sub: 'suspended' }, true, 'suspended'],
    [{ phase: 'testing', sub: 'suspended' }, false, 'interrupted'],
    [{ phase: 'done', sub: 'verifying' }, true, 'running'],
    [{ phase: 'done', sub: 'verifying' }, false, 'interrupted'],
    [{ phase: 'testing', sub: 'running' }, true, 'running'],
    [{ phase: 'testing', sub: 'retrying' }, true, 'running'],
    [{ phase: 'testing', sub: 'running' }, false, 'interrupted'],
    [{ phase: 'testing', sub: 'retrying' }, false, 'interrupted'],
    [{ phase: 'completed' }, false, 'completed'],
    [{ phase: 'testing', sub: 'paused' }, false, 'paused'],
  ] as const)('%o with a live worker %s is %s', (state, isLive, attention) => {
    expect(classifyAttention(state, isLive)).toBe(attention);
  });

  it('a session without a saved state is new, or running when a worker holds it; an unreadable one is corrupt', () => {
    expect(classifyAttention(undefined, false)).toBe('new');
    expect(classifyAttention(undefined, true)).toBe('running');
    expect(classifyAttention(undefined, true, true)).toBe('corrupt');
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
      ).map((attention) => NEEDS_HUMAN[attention]),
    ).toEqual([true, true, true, true, true, false, false, false, false, false]);
  });
});
