import { describe, expect, it } from 'vitest';
import { buildDecision, buildStopRequest, cleanWho, parseDecision } from '../../src/gates/decision.js';

const TOKEN = '123456789:AAHfakeTokenForTestsOnly_abcdefghijklmnop';
const at = new Date('2026-03-01T12:04:00.000Z');

describe('building a decision', () => {
  it('keeps a valid decision as given, with the time as ISO text', () => {
    expect(
      buildDecision({ gateId: 's/g3-approval', action: 'approve', channel: 'telegram', who: '@alice', at }),
    ).toEqual({
      ok: true,
      decision: {
        gateId: 's/g3-approval',
        action: 'approve',
        channel: 'telegram',
        who: '@alice',
        at: at.toISOString(),
      },
    });
  });

  it('strips control characters and secrets from who and the payload', () => {
    const built = buildDecision({
      gateId: 's/g1-answers',
      action: 'answer',
      channel: 'telegram',
      who: `@eve\u001b[31m\nred`,
      payload: { answers: `use ${TOKEN}\u0007 please` },
      at,
    });
    expect(built).toEqual({
      ok: true,
      decision: {
        gateId: 's/g1-answers',
        action: 'answer',
        channel: 'telegram',
        who: '@eve␛[31m red',
        payload: { answers: 'use [redacted]␇ please' },
        at: at.toISOString(),
      },
    });
  });

  it('reports every problem of bad input instead of throwing', () => {
    const built = buildDecision({
      gateId: '../etc/passwd',
      action: 'approve',
      channel: 'cli',
      who: 'x',
      payload: { grant: '' },
    });
    expect(built.ok).toBe(false);
    expect(built.ok ? [] : built.problems).toEqual([expect.stringMatching(/^grant: /)]);
    const second = buildDecision({ gateId: '../etc/passwd', action: 'approve', channel: 'cli', who: 'x' });
    expect(second.ok ? [] : second.problems).toEqual(['gateId: not a gate id (<session>/g<seq>-<kind>)']);
  });

  it('names nobody "unknown" and cuts a long name', () => {
    expect(cleanWho(' \u0000 ')).toBe('␀');
    expect(cleanWho('   ')).toBe('unknown');
    expect(cleanWho('a'.repeat(500))).toHaveLength(120);
  });
});

describe('parsing a stored decision', () => {
  it('refuses unknown fields and a wrong action', () => {
    const base = {
      gateId: 's/g1-action',
      action: 'approve',
      channel: 'cli',
      who: 'bob',
      at: at.toISOString(),
    };
    expect(parseDecision(base).ok).toBe(true);
    expect(parseDecision({ ...base, extra: 1 }).ok).toBe(false);
    expect(parseDecision({ ...base, action: 'maybe' }).ok).toBe(false);
    expect(parseDecision({ ...base, at: 'yesterday' }).ok).toBe(false);
  });

  it('cleans a record edited by hand on the way out', () => {
    const parsed = parseDecision({
      gateId: 's/g1-answers',
      action: 'answer',
      channel: 'dashboard',
      who: `mallory\u202e`,
      payload: { answers: TOKEN },
      at: at.toISOString(),
    });
    expect(parsed.ok && parsed.decision.who).toBe('mallory<U+202E>');
    expect(parsed.ok && parsed.decision.payload).toEqual({ answers: '[redacted]' });
  });
});

describe('a stop request', () => {
  it('is cleaned like a decision', () => {
    expect(buildStopRequest({ channel: 'cli', who: 'ops\u001b', reason: TOKEN, at })).toEqual({
      channel: 'cli',
      who: 'ops␛',
      at: at.toISOString(),
      reason: '[redacted]',
    });
  });
});
