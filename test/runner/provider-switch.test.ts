import { describe, expect, it } from 'vitest';
import { describeProviderSwitch, formatResetTime } from '../../src/runner/provider-switch.js';

const names = { primary: 'claude', fallback: 'codex' };
const now = new Date(2026, 10, 24, 12, 0);

describe('describeProviderSwitch', () => {
  it('says the primary is limited until the reset, and which provider runs instead', () => {
    const until = new Date(2026, 10, 24, 17, 5).getTime();
    expect(describeProviderSwitch({}, { provider: 'fallback', fallbackUntil: until }, names, now)).toBe(
      'primary claude is limited until 17:05; using codex',
    );
  });

  it('says when attempts go back to the primary', () => {
    expect(describeProviderSwitch({ provider: 'fallback', fallbackUntil: 1 }, {}, names, now)).toBe(
      "primary claude's usage limit has reset; back to claude from codex",
    );
  });

  it('says nothing when the provider did not change', () => {
    expect(describeProviderSwitch({}, {}, names, now)).toBeUndefined();
    expect(
      describeProviderSwitch(
        { provider: 'fallback' },
        { provider: 'fallback', fallbackUntil: 5 },
        names,
        now,
      ),
    ).toBeUndefined();
  });
});

describe('formatResetTime', () => {
  it('shows the time of a reset today and the date of a later one', () => {
    expect(formatResetTime(new Date(2026, 10, 24, 9, 7), now)).toBe('09:07');
    expect(formatResetTime(new Date(2026, 10, 25, 9, 7), now)).toBe('2026-11-25 09:07');
  });
});
