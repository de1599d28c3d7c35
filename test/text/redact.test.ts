import { describe, expect, it } from 'vitest';
import { buildEnvRedactor, buildRedactor, collectSecretValues, hideSecret } from '../../src/text/redact.js';

describe('secret settings in a problem', () => {
  it('quotes a URL without its credentials and nothing of any other secret', () => {
    expect(hideSecret('mysql://root:hunter22@db/samocode')).toBe('mysql://[redacted]@db/samocode');
    expect(hideSecret('postgres://db/samocode')).toBe('postgres://db/samocode');
    expect(hideSecret('123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0')).toBe('[redacted]');
    expect(hideSecret('')).toBe('');
  });
});

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
    ['store postgres://samocode:hunter22@db:5432/s down', 'store postgres://[redacted]@db:5432/s down'],
    ['remote ssh://git@github.com/o/r.git kept', 'remote ssh://git@github.com/o/r.git kept'],
  ])('redacts %s', (input, output) => {
    expect(buildRedactor()(input)).toBe(output);
  });

  it('redacts environment secret values wherever they appear', () => {
    const redact = buildEnvRedactor({ MY_TOKEN: 'p@ss/with.chars' });
    expect(redact('a p@ss/with.chars b p@ss/with.chars')).toBe('a [redacted] b [redacted]');
  });
});
