import { describe, expect, it } from 'vitest';
import { isStuck, nextProgress } from '../../machines/progress.js';

describe('no-progress track', () => {
  it('counts iterations of one phase in a row with the same mark and starts over on a new one', () => {
    const two = nextProgress(nextProgress(undefined, 'a', 'init'), 'a', 'init');
    expect(two).toEqual({ key: 'a', phase: 'init', streak: 2 });
    expect(nextProgress(two, 'b', 'init')).toEqual({ key: 'b', phase: 'init', streak: 1 });
  });

  it('starts over in another phase, and after a track saved without a phase', () => {
    expect(nextProgress({ key: 'a', phase: 'init', streak: 2 }, 'a', 'investigation')).toEqual({
      key: 'a',
      phase: 'investigation',
      streak: 1,
    });
    expect(nextProgress({ key: 'a', streak: 2 }, 'a', 'init')).toEqual({
      key: 'a',
      phase: 'init',
      streak: 1,
    });
  });

  it('forgets the streak when an iteration has no mark (no git worktree)', () => {
    expect(nextProgress({ key: 'a', phase: 'init', streak: 2 }, undefined, 'init')).toBeUndefined();
  });

  it('is stuck at the limit, never when the limit is 0', () => {
    expect(isStuck({ key: 'a', streak: 3 }, 3)).toBe(true);
    expect(isStuck({ key: 'a', streak: 2 }, 3)).toBe(false);
    expect(isStuck({ key: 'a', streak: 9 }, 0)).toBe(false);
    expect(isStuck(undefined, 1)).toBe(false);
  });
});
