import { describe, expect, it } from 'vitest';
import { MAX_SIGNAL_BYTES, toSignalEvent } from '../../machines/signal.js';

describe('toSignalEvent', () => {
  it.each([
    ['{"status":"continue"}', { type: 'signal.continue' }],
    ['{"status":"continue","phase":"investigation"}', { type: 'signal.continue', target: 'investigation' }],
    ['{"status":"CONTINUE","phase":"testing"}', { type: 'signal.continue', target: 'testing' }],
    ['{"status":"done","summary":"shipped"}', { type: 'signal.done', summary: 'shipped' }],
    [
      '{"status":"blocked","reason":"no db","needs":"environment"}',
      { type: 'signal.blocked', reason: 'no db', needs: 'environment' },
    ],
    [
      '{"status":"waiting","phase":"planning","for":"plan_approval"}',
      { type: 'signal.waiting', target: 'planning', for: 'plan_approval' },
    ],
    ['{"status":"continue","extra":"ignored"}', { type: 'signal.continue' }],
  ])('turns %s into one event', (contents, expected) => {
    expect(toSignalEvent(contents)).toEqual(expected);
  });

  it.each([
    ['malformed JSON', '{"status": "continue"', /not valid JSON/],
    ['an empty file', '', /not valid JSON/],
    ['a JSON array', '[]', /breaks the schema/],
    ['an unknown status', '{"status":"finished"}', /breaks the schema.*status/],
    ['a status of the wrong type', '{"status":3}', /breaks the schema/],
    ['an unknown phase', '{"status":"continue","phase":"deploy"}', /breaks the schema.*phase/],
    ['done without a summary', '{"status":"done"}', /breaks the schema.*summary/],
    ['blocked without needs', '{"status":"blocked","reason":"x"}', /breaks the schema.*needs/],
    ['blocked with unknown needs', '{"status":"blocked","reason":"x","needs":"money"}', /needs/],
    ['waiting without for', '{"status":"waiting"}', /breaks the schema.*for/],
    ['waiting for an unknown reason', '{"status":"waiting","for":"coffee"}', /for/],
  ])('turns %s into signal.invalid quoting the problem', (_name, contents, problem) => {
    const event = toSignalEvent(contents);
    expect(event.type).toBe('signal.invalid');
    expect(event.type === 'signal.invalid' && event.problem).toMatch(problem);
  });

  it('refuses an oversized file without parsing it', () => {
    const contents = `{"status":"continue","summary":"${'x'.repeat(MAX_SIGNAL_BYTES)}"}`;
    expect(toSignalEvent(contents)).toEqual({
      type: 'signal.invalid',
      problem: `_signal.json is over ${MAX_SIGNAL_BYTES} bytes, the limit`,
    });
  });

  it('quotes at most a couple of hundred characters of bad input', () => {
    const event = toSignalEvent(`not json ${'y'.repeat(5000)}`);
    expect(event.type === 'signal.invalid' && event.problem.length).toBeLessThan(400);
  });
});
