import { describe, expect, it } from 'vitest';
import { buildEnvRedactor, buildRedactor, collectSecretValues } from '../../src/text/redact.js';

describe('redaction', () => {
  it('collects values of variables whose names look secret, longest first, ignoring short ones', () => {
    expect(
      collectSecretValues({
        TELEGRAM_BOT_TOKEN: '1:abcdefgh',
        ANTHROPIC_API_KEY: 'anthropic-value-123456',
        DB_PASSWORD: 'hunter22',
        CLIENT_SECRET: 'abc',
        HOME: '/root',
        KEYBOARD: undefined,
      }),
    ).toEqual(['anthropic-value-123456', '1:abcdefgh', 'hunter22']);
  });

  it.each([
    ['bot 123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0 sent', 'bot [redacted] sent'],
    ['key sk-ant-api03-AbCdEf_123-456 end', 'key [redacted] end'],
    ['key sk-proj-0123456789abcdefABCD end', 'key [redacted] end'],
    ['Authorization: Bearer eyJhbGciOi.J9.xyz', 'Authorization: [redacted]'],
    ['nothing secret here: 12:30 sk-short', 'nothing secret here: 12:30 sk-short'],
  ])('redacts %s', (input, output) => {
    expect(buildRedactor()(input)).toBe(output);
  });

  it('redacts environment secret values wherever they appear', () => {
    const redact = buildEnvRedactor({ MY_TOKEN: 'p@ss/with.chars' });
    expect(redact('a p@ss/with.chars b p@ss/with.chars')).toBe('a [redacted] b [redacted]');
  });
});
