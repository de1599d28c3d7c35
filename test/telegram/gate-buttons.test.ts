import { describe, expect, it } from 'vitest';
import {
  buildCallbackData,
  buildGateButtons,
  parseCallbackData,
  resolvePress,
  resolveReply,
} from '../../src/telegram/gate-buttons.js';

const KEY = '0123456789abcdef';
const isGrant = (text: string): boolean => /^cost=\d+$/.test(text);

describe('gate buttons', () => {
  it('carry a short callback_data that parses back, well under 64 bytes', () => {
    const data = buildCallbackData('approve', KEY);
    expect(data).toBe(`a:${KEY}`);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(parseCallbackData(data)).toEqual({ action: 'approve', gateKey: KEY });
    expect(parseCallbackData(`r:${KEY}`)).toEqual({ action: 'reject', gateKey: KEY });
    expect(parseCallbackData(`x:${KEY}`)).toBeUndefined();
    expect(parseCallbackData(`a:${KEY}0`)).toBeUndefined();
  });

  it('offer Approve/Reject on a plan, Done on a human action, and Stop everywhere', () => {
    const texts = (kind: Parameters<typeof buildGateButtons>[0]) =>
      buildGateButtons(kind, KEY).map((row) => row.map((button) => button.text));
    expect(texts('approval')).toEqual([['Approve', 'Reject'], ['Stop']]);
    expect(texts('action')).toEqual([['Done'], ['Stop']]);
    expect(texts('answers')).toEqual([['Stop']]);
    expect(texts('grant')).toEqual([['Stop']]);
  });

  it('accept a press only where the gate has that button', () => {
    expect(resolvePress('approval', 'reject')).toBe('reject');
    expect(resolvePress('action', 'approve')).toBe('approve');
    expect(resolvePress('answers', 'approve')).toBeUndefined();
    expect(resolvePress('action', 'reject')).toBeUndefined();
    expect(resolvePress('grant', 'stop')).toBe('stop');
  });
});

describe('replies to a gate message', () => {
  it.each([
    [
      'answers',
      '  1. yes\n2. Postgres ',
      { kind: 'decide', action: 'answer', payload: { answers: '1. yes\n2. Postgres' } },
    ],
    ['grant', 'cost=5', { kind: 'decide', action: 'grant', payload: { grant: 'cost=5' } }],
    ['approval', 'LGTM', { kind: 'decide', action: 'approve' }],
    [
      'approval',
      'reject: too big, split it',
      { kind: 'decide', action: 'reject', payload: { reason: 'too big, split it' } },
    ],
    ['approval', 'no', { kind: 'decide', action: 'reject' }],
    ['action', 'done', { kind: 'decide', action: 'approve' }],
  ] as const)('a %s gate reads %j', (kind, text, meaning) => {
    expect(resolveReply(kind, text, isGrant)).toEqual(meaning);
  });

  it.each([
    ['grant', 'more please'],
    ['approval', 'hmm, not sure'],
    ['action', 'working on it'],
    ['answers', '   '],
  ] as const)('a %s gate answers %j with a hint and decides nothing', (kind, text) => {
    expect(resolveReply(kind, text, isGrant).kind).toBe('hint');
  });
});
