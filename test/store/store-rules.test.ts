import { describe, expect, it } from 'vitest';
import {
  checkAgentFilePath,
  checkRowOrder,
  cleanTransition,
  gateFileName,
  sessionOfGate,
  validateSessionId,
} from '../../src/store/store-rules.js';

const codeOf = (work: () => unknown): string => {
  try {
    work();
  } catch (error) {
    return error instanceof Error && 'code' in error ? String(error.code) : 'uncoded';
  }
  return 'ok';
};

describe('store rules', () => {
  it.each([
    ['26-12-07-add-login', 'ok'],
    ['add_login.v2', 'ok'],
    ['../etc', 'store.session'],
    ['a/b', 'store.session'],
    ['_queue', 'store.session'],
    ['.hidden', 'store.session'],
    ['a..b', 'store.session'],
    ['', 'store.session'],
    ['x'.repeat(151), 'store.session'],
  ])('session id %j → %s', (session, expected) => {
    expect(codeOf(() => validateSessionId(session))).toBe(expected);
  });

  it('finds the session of a gate id and the file its decision is kept in', () => {
    expect(sessionOfGate('26-12-07-add-login/g3-approval')).toBe('26-12-07-add-login');
    expect(gateFileName('26-12-07-add-login/g12-answers')).toBe('g12-answers');
    expect(codeOf(() => sessionOfGate('26-12-07-add-login/approval'))).toBe('store.gate');
    expect(codeOf(() => sessionOfGate('../x/g1-approval'))).toBe('store.session');
  });

  it.each([
    ['notes.md', undefined],
    ['_qa.md', undefined],
    ['plans/v1/plan.md', undefined],
    ['a/b/c/d/e.md', 'it is nested more than 4 folders deep'],
    ['../x', "use relative paths of letters, digits, '.', '_' and '-' (no '..', no leading '.' or '/')"],
    ['_logs/001.jsonl', "_logs is samocode's own, not an agent file"],
    ['_overview.md', "_overview.md is samocode's own, not an agent file"],
    ['_settings.json', "_settings.json is samocode's own, not an agent file"],
  ])('agent file %j → %j', (path, problem) => {
    expect(checkAgentFilePath(path)).toBe(problem);
  });

  it('refuses a file over 1 MiB, naming its size and the limit', () => {
    expect(() =>
      cleanTransition('s', { snapshot: {}, files: { 'big.md': 'x'.repeat(1024 * 1024 + 1) } }),
    ).toThrow('big.md: 1048577 bytes, the limit is 1048576');
  });

  it('accepts the next row or a stored one, and names the next seq otherwise', () => {
    expect(codeOf(() => checkRowOrder('s', 4, 3))).toBe('ok');
    expect(codeOf(() => checkRowOrder('s', 2, 3))).toBe('ok');
    expect(() => checkRowOrder('s', 5, 3)).toThrow(
      'history row 5 of s is out of order: the session has 3 rows, so the next is 4',
    );
    expect(codeOf(() => checkRowOrder('s', 0, 3))).toBe('store.row-order');
    expect(codeOf(() => checkRowOrder('s', 1.5, 3))).toBe('store.row-order');
  });
});
