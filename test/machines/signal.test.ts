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

describe('what the Python original accepts (differential cases)', () => {
  it('matches a phase without regard to case', () => {
    expect(toSignalEvent('{"status":"continue","phase":"Requirements"}')).toEqual({
      type: 'signal.continue',
      target: 'requirements',
    });
    expect(toSignalEvent('{"status":"waiting","phase":"PLANNING","for":"Plan_Approval"}')).toEqual({
      type: 'signal.waiting',
      target: 'planning',
      for: 'plan_approval',
    });
  });

  it('keeps a summary and a reason of any length in full (only the 64 KiB file cap bounds them)', () => {
    const long = `${'word '.repeat(2_000)}end`;
    expect(toSignalEvent(JSON.stringify({ status: 'continue', summary: long }))).toEqual({
      type: 'signal.continue',
      summary: long,
    });
    expect(
      toSignalEvent(JSON.stringify({ status: 'blocked', reason: long, needs: 'human_decision' })),
    ).toEqual({ type: 'signal.blocked', reason: long, needs: 'human_decision' });
  });

  it('reads `for: file_update` as a human action', () => {
    expect(toSignalEvent('{"status":"waiting","for":"file_update","summary":"edit .env"}')).toEqual({
      type: 'signal.waiting',
      for: 'human_action',
      summary: 'edit .env',
    });
  });

  it('names the accepted waits when `for` is one samocode does not know', () => {
    const event = toSignalEvent('{"status":"waiting","for":"coffee"}');
    expect(event).toEqual({
      type: 'signal.invalid',
      problem:
        '_signal.json breaks the schema (for: \'coffee\' is not a wait samocode knows; accepted: qa_answers, plan_approval, human_action (file_update is read as human_action)): "{"status":"waiting","for":"coffee"}"',
    });
  });

  it('names the accepted waits when `for` is missing or not a string', () => {
    const accepted =
      'accepted: qa_answers, plan_approval, human_action (file_update is read as human_action)';
    expect(toSignalEvent('{"status":"waiting"}')).toEqual({
      type: 'signal.invalid',
      problem: `_signal.json breaks the schema (for: a wait is required; ${accepted}): "{"status":"waiting"}"`,
    });
    expect(toSignalEvent('{"status":"waiting","for":3}')).toEqual({
      type: 'signal.invalid',
      problem: `_signal.json breaks the schema (for: 3 is not a wait samocode knows; ${accepted}): "{"status":"waiting","for":3}"`,
    });
  });

  it('reads a phase and a wait with spaces around them as written without', () => {
    expect(toSignalEvent('{"status":" waiting ","phase":" Requirements ","for":" qa_answers "}')).toEqual({
      type: 'signal.waiting',
      target: 'requirements',
      for: 'qa_answers',
    });
  });

  it('accepts a file that starts with a UTF-8 byte order mark', () => {
    expect(toSignalEvent('\uFEFF{"status":"continue","phase":"investigation"}')).toEqual({
      type: 'signal.continue',
      target: 'investigation',
    });
  });
});
