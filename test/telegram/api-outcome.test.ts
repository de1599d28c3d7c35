import { describe, expect, it } from 'vitest';
import { classifyApiAnswer, renderFailure } from '../../src/telegram/api-outcome.js';

const TOKEN = '123456789:AAHfakeTokenForTestsOnly_abcdefghijklmnop';
const json = (value: object): string => JSON.stringify(value);

describe('classifying a Bot API answer', () => {
  it('takes the result of an ok answer', () => {
    expect(classifyApiAnswer(200, json({ ok: true, result: [1] }), TOKEN)).toEqual({ ok: true, value: [1] });
  });

  it.each([
    [
      429,
      { error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } },
      { kind: 'rate-limited', retryAfterSec: 7 },
    ],
    [429, { error_code: 429, description: 'Too Many Requests' }, { kind: 'rate-limited', retryAfterSec: 5 }],
    [
      409,
      { error_code: 409, description: 'Conflict: terminated by other getUpdates request' },
      { kind: 'conflict' },
    ],
    [401, { error_code: 401, description: 'Unauthorized' }, { kind: 'unauthorized' }],
    [502, { error_code: 502, description: 'Bad Gateway' }, { kind: 'server', status: 502 }],
    [400, { error_code: 400, description: 'Bad Request: chat not found' }, { kind: 'rejected', status: 400 }],
    [
      403,
      { error_code: 403, description: 'Forbidden: bot was blocked by the user' },
      { kind: 'rejected', status: 403 },
    ],
  ])('classifies HTTP %i from its error code', (status, body, expected) => {
    const result = classifyApiAnswer(status, json({ ok: false, ...body }), TOKEN);
    expect(result.ok).toBe(false);
    expect(result.ok ? undefined : result.failure).toMatchObject({
      ...expected,
      description: `${body.error_code}: ${body.description}`,
    });
  });

  it('classifies an answer that is not the Bot API JSON by its status', () => {
    expect(classifyApiAnswer(502, '<html>bad gateway</html>', TOKEN)).toMatchObject({
      ok: false,
      failure: { kind: 'server', status: 502 },
    });
    expect(classifyApiAnswer(200, 'hello', TOKEN)).toMatchObject({
      ok: false,
      failure: { kind: 'bad-response' },
    });
    expect(classifyApiAnswer(429, '', TOKEN)).toMatchObject({
      ok: false,
      failure: { kind: 'rate-limited', retryAfterSec: 5 },
    });
  });

  it('never carries the token or a raw control character in a description', () => {
    const result = classifyApiAnswer(
      400,
      json({ ok: false, error_code: 400, description: `bad /bot${TOKEN}/x \u001b[2J` }),
      TOKEN,
    );
    expect(result.ok ? '' : renderFailure(result.failure)).toBe('rejected: 400: bad /bot[redacted]/x ␛[2J');
  });
});
