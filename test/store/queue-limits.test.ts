import { describe, expect, it } from 'vitest';
import { checkLimits } from '../../src/store/queue-limits.js';

describe('queue limits', () => {
  it.each([
    [{ worker: 0, account: 0 }, { maxPerWorker: 1 }, undefined],
    [
      { worker: 1, account: 0 },
      { maxPerWorker: 1 },
      'w runs 1 of at most 1 sessions (SAMOCODE_MAX_SESSIONS)',
    ],
    [{ worker: 1, account: 2 }, { maxPerWorker: 3, account: 'team', maxPerAccount: 3 }, undefined],
    [
      { worker: 1, account: 3 },
      { maxPerWorker: 3, account: 'team', maxPerAccount: 3 },
      'account team runs 3 of at most 3 sessions across all workers',
    ],
    [{ worker: 1, account: 9 }, { maxPerWorker: 3 }, undefined],
  ])('%j under %j → %j', (counts, limits, expected) => {
    expect(checkLimits(counts, 'w', limits)).toBe(expected);
  });
});
