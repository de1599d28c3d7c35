import { describe, expect, it } from 'vitest';
import { isStuck, nextProgress } from '../../machines/progress.js';

describe('no-progress detector', () => {
  it('counts iterations in a row with the same key and starts over on a new one', () => {
    const two = nextProgress(nextProgress(undefined, 'a'), 'a');
    expect(two).toEqual({ key: 'a', streak: 2 });
    expect(nextProgress(two, 'b')).toEqual({ key: 'b', streak: 1 });
  });

  it('forgets the streak when an iteration has no key (no git worktree)', () => {
    expect(nextProgress({ key: 'a', streak: 2 }, undefined)).toBeUndefined();
  });

  it('is stuck at the limit, never when the limit is 0', () => {
    expect(isStuck({ key: 'a', streak: 3 }, 3)).toBe(true);
    expect(isStuck({ key: 'a', streak: 2 }, 3)).toBe(false);
    expect(isStuck({ key: 'a', streak: 9 }, 0)).toBe(false);
    expect(isStuck(undefined, 1)).toBe(false);
  });
});
