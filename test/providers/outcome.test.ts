import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMIT_WAIT_MS, toOutcomeEvent } from '../../src/providers/outcome.js';
import type { OutcomeKind } from '../../src/providers/types.js';

describe('one classified attempt becomes exactly one event', () => {
  it.each<[OutcomeKind, 'transient' | 'fatal']>([
    ['rate_limited', 'transient'],
    ['overloaded', 'transient'],
    ['server_error', 'transient'],
    ['network', 'fatal'],
    ['crash', 'transient'],
    ['timeout', 'transient'],
    ['max_turns', 'transient'],
    ['interrupted', 'transient'],
    ['auth', 'fatal'],
    ['billing', 'fatal'],
    ['unknown_model', 'fatal'],
    ['bad_invocation', 'fatal'],
    ['permission', 'fatal'],
  ])('%s is a %s failure', (outcome, kind) => {
    expect(toOutcomeEvent({ outcome, message: 'm' }, '{"status":"done","summary":"x"}', 0)).toEqual({
      type: 'agent.failed',
      kind,
      outcome,
      message: 'm',
    });
  });

  it('reads the signal on success', () => {
    expect(
      toOutcomeEvent({ outcome: 'success', message: '' }, '{"status":"done","summary":"ok"}', 0),
    ).toEqual({
      type: 'signal.done',
      summary: 'ok',
    });
  });

  it('sends agent.noSignal on success without a signal file', () => {
    expect(toOutcomeEvent({ outcome: 'success', message: '' }, undefined, 0)).toEqual({
      type: 'agent.noSignal',
    });
  });

  it('waits until the reset time on a usage limit, never less than zero', () => {
    const resetsAtMs = Date.parse('2026-11-24T17:00:00.000Z');
    expect(
      toOutcomeEvent({ outcome: 'usage_limit', message: 'hit', resetsAtMs }, undefined, resetsAtMs - 5000),
    ).toEqual({
      type: 'agent.limited',
      waitMs: 5000,
      resetsAt: '2026-11-24T17:00:00.000Z',
      message: 'hit',
      at: resetsAtMs - 5000,
    });
    const late = toOutcomeEvent(
      { outcome: 'usage_limit', message: 'hit', resetsAtMs },
      undefined,
      resetsAtMs + 1,
    );
    expect(late).toMatchObject({ waitMs: 0 });
  });

  it('waits a default time when the limit has no reset time', () => {
    expect(toOutcomeEvent({ outcome: 'usage_limit', message: 'hit' }, undefined, 0)).toEqual({
      type: 'agent.limited',
      waitMs: DEFAULT_LIMIT_WAIT_MS,
      message: 'hit',
      at: 0,
    });
  });

  it('does not throw on a reset beyond any date (1e13 s): a huge wait without a date', () => {
    expect(
      toOutcomeEvent({ outcome: 'usage_limit', message: 'hit', resetsAtMs: 1e16 }, undefined, 0),
    ).toEqual({
      type: 'agent.limited',
      waitMs: 1e16,
      message: 'hit',
      at: 0,
    });
    expect(
      toOutcomeEvent({ outcome: 'usage_limit', message: 'hit', resetsAtMs: Number.NaN }, undefined, 0),
    ).toMatchObject({ waitMs: DEFAULT_LIMIT_WAIT_MS });
  });

  it('sends nothing when cancelled', () => {
    expect(toOutcomeEvent({ outcome: 'cancelled', message: '' }, undefined, 0)).toBeUndefined();
  });
});
