import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/gates/decision.js';
import {
  renderAlreadyDecided,
  renderDecision,
  renderGateClosed,
  renderRecordOutcome,
  renderStopRequest,
} from '../../src/gates/decision-text.js';

const decision: Decision = {
  gateId: 's/g3-approval',
  action: 'approve',
  channel: 'telegram',
  who: '@alice',
  at: '2026-03-01T12:04:30.000Z',
};
const sameDay = { now: new Date('2026-03-01T18:00:00Z'), timeZone: 'UTC' };

describe('decision texts', () => {
  it('says what was decided, when, by whom and through which channel', () => {
    expect(renderDecision(decision, sameDay)).toBe('approved at 12:04 by @alice via telegram');
    expect(renderAlreadyDecided(decision, sameDay)).toBe('already approved at 12:04 by @alice via telegram');
  });

  it('adds the date when the decision was made on another day, in the given time zone', () => {
    const nextDay = { now: new Date('2026-03-02T09:00:00Z'), timeZone: 'UTC' };
    expect(renderDecision(decision, nextDay)).toBe('approved at 2026-03-01 12:04 by @alice via telegram');
    expect(renderDecision(decision, { now: new Date('2026-03-01T13:00:00Z'), timeZone: 'Asia/Tokyo' })).toBe(
      'approved at 21:04 by @alice via telegram',
    );
  });

  it.each([
    ['reject', 'rejected'],
    ['answer', 'answered'],
    ['grant', 'granted'],
  ] as const)('words %s as %s', (action, word) => {
    expect(renderDecision({ ...decision, action }, sameDay)).toBe(`${word} at 12:04 by @alice via telegram`);
  });

  it('says a gate is closed, and by whom when that is recorded', () => {
    expect(renderGateClosed(undefined)).toBe('that gate is closed');
    expect(renderGateClosed(decision, sameDay)).toBe(
      'that gate is closed (approved at 12:04 by @alice via telegram)',
    );
  });

  it('renders each outcome of recording', () => {
    expect(renderRecordOutcome({ kind: 'recorded', decision }, sameDay)).toBe(
      'approved at 12:04 by @alice via telegram',
    );
    expect(renderRecordOutcome({ kind: 'already-decided', decision }, sameDay)).toMatch(/^already approved/);
    expect(renderRecordOutcome({ kind: 'closed', gateId: decision.gateId }, sameDay)).toBe(
      'that gate is closed',
    );
    expect(renderRecordOutcome({ kind: 'refused', reason: 'disk full' })).toBe('not recorded: disk full');
    expect(renderStopRequest({ channel: 'cli', who: 'ops', at: decision.at }, sameDay)).toBe(
      'stop requested at 12:04 by ops via cli',
    );
  });
});
