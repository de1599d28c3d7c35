/** Which sessions a transfer copies: all of them, or the named ones as `run` resolves a name. */
import { describe, expect, it } from 'vitest';
import { selectSessions } from '../../../src/store/transfer/select-sessions.js';

const TODAY = new Date('2026-12-07T12:00:00Z');
const AVAILABLE = ['26-12-07-b', '26-12-01-a', '26-12-05-a'];

describe('selectSessions', () => {
  it('takes every session, in name order, when none is named', () => {
    expect(
      selectSessions(AVAILABLE, [], TODAY).map((entry) => entry.kind === 'found' && entry.session),
    ).toEqual(['26-12-01-a', '26-12-05-a', '26-12-07-b']);
  });

  it('resolves a name to its newest dated session, an exact id to itself, once each', () => {
    expect(selectSessions(AVAILABLE, ['a', '26-12-01-a', '26-12-05-a'], TODAY)).toEqual([
      { kind: 'found', session: '26-12-05-a' },
      { kind: 'found', session: '26-12-01-a' },
    ]);
  });

  it('names a session the source does not hold', () => {
    expect(selectSessions(AVAILABLE, ['c'], TODAY)).toEqual([{ kind: 'missing', name: 'c' }]);
  });

  it('refuses a name that is a path', () => {
    expect(() => selectSessions(AVAILABLE, ['../x'], TODAY)).toThrow(
      expect.objectContaining({ code: 'session.name', exitCode: 2 }),
    );
  });
});
