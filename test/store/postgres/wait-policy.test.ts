import { describe, expect, it } from 'vitest';
import { buildBackNotice, buildWaitingNotice, nextDelay } from '../../../src/store/postgres/wait-policy.js';

describe('waiting for PostgreSQL', () => {
  it('backs off from 250 ms, doubling, to at most 5 s, scaled by a jitter in [0.5, 1]', () => {
    expect([0, 1, 2, 3, 4, 5, 20].map((attempt) => nextDelay(attempt, 1))).toEqual([
      250, 500, 1000, 2000, 4000, 5000, 5000,
    ]);
    expect(nextDelay(2, 0.5)).toBe(500);
    expect(nextDelay(2, 0)).toBe(500);
    expect(nextDelay(2, 7)).toBe(1000);
  });

  it('says what waits, why, for how long so far, and when it tries again', () => {
    expect(
      buildWaitingNotice('db:5432/samocode', 'commit a transition of s', 'ECONNREFUSED: connect', 6100, 2000)
        .message,
    ).toBe(
      'PostgreSQL db:5432/samocode is unreachable (ECONNREFUSED: connect); commit a transition of s waits and tries again in 2.0 s (waiting 6.1 s so far, nothing is lost)',
    );
    expect(buildBackNotice('db:5432/samocode', 'commit a transition of s', 21_400).message).toBe(
      'PostgreSQL db:5432/samocode is back after 21 s; commit a transition of s continues',
    );
  });
});
