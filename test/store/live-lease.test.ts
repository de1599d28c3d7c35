import { describe, expect, it } from 'vitest';
import { isLeaseLive } from '../../src/store/live-lease.js';

const NOW = Date.parse('2026-12-07T12:00:00.000Z');

describe('isLeaseLive', () => {
  it.each([
    ['no holder', undefined, false],
    [
      'a holder whose lease ends later',
      { worker: 'w', since: 's', expiresAt: '2026-12-07T12:00:01.000Z' },
      true,
    ],
    [
      'a holder whose lease ends now',
      { worker: 'w', since: 's', expiresAt: '2026-12-07T12:00:00.000Z' },
      true,
    ],
    [
      'a holder whose lease ran out',
      { worker: 'w', since: 's', expiresAt: '2026-12-07T11:59:59.999Z' },
      false,
    ],
    ['a holder without an expiry (a folder lease)', { worker: 'w', since: 's' }, true],
    ['a holder with an unreadable expiry', { worker: 'w', since: 's', expiresAt: 'soon' }, false],
  ])('%s: %s', (_name, holder, expected) => {
    expect(isLeaseLive(holder, NOW)).toBe(expected);
  });
});
