import { describe, expect, it } from 'vitest';
import { SamocodeError } from '../../src/errors.js';
import { resolveSessionFolder } from '../../src/session/resolve-session.js';
import {
  checkBranchName,
  MAX_SESSION_NAME,
  toBranchName,
  toFolderDay,
  toUndatedName,
  validateSessionName,
} from '../../src/session/session-name.js';

describe('validateSessionName', () => {
  it.each([
    '../x',
    'a/b',
    '',
    '.',
    '..',
    'a b',
    '/abs',
    'x\\y',
    '-x',
    'a..b',
    'x.lock',
    'HEAD',
    '.hidden',
    'end.',
    '...',
    '26-01-01-HEAD',
    'x'.repeat(MAX_SESSION_NAME + 1),
    'x'.repeat(300),
  ])('refuses %j with session.name', (name) => {
    let caught: unknown;
    try {
      validateSessionName(name);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SamocodeError);
    expect((caught as SamocodeError).code).toBe('session.name');
    expect((caught as SamocodeError).exitCode).toBe(2);
  });

  it.each(['add-login', '24-01-02-x', 'v1.2_fix', 'x'.repeat(MAX_SESSION_NAME), 'a.b-c_d', 'HEADS'])(
    'accepts %j',
    (name) => {
      expect(validateSessionName(name)).toBe(name);
    },
  );
});

describe('resolveSessionFolder', () => {
  const today = new Date(2026, 10, 24);
  const dirs = (...names: string[]) => names.map((name) => ({ name, isDirectory: true }));

  it('takes the exact folder first', () => {
    expect(resolveSessionFolder(dirs('task', '26-01-01-task'), 'task', today)).toEqual({
      folder: 'task',
      isNew: false,
    });
  });

  it('else the newest YY-MM-DD-<name> by exact suffix, never …-other-<name>', () => {
    const entries = dirs('25-12-31-task', '26-01-15-task', '26-02-01-other-task', '26-03-01-mytask');
    expect(resolveSessionFolder(entries, 'task', today)).toEqual({ folder: '26-01-15-task', isNew: false });
  });

  it('picks the newest by the real date, not the text: 26-01-01 (2026) beats 99-01-01 (1999)', () => {
    const entries = dirs('99-01-01-x', '26-01-01-x', '25-12-31-x');
    expect(resolveSessionFolder(entries, 'x', today)).toEqual({ folder: '26-01-01-x', isNew: false });
  });

  it('ignores folders whose prefix is not a real date', () => {
    const entries = dirs('26-13-40-x', '26-02-30-x', '25-06-01-x');
    expect(resolveSessionFolder(entries, 'x', today)).toEqual({ folder: '25-06-01-x', isNew: false });
  });

  it('ignores files and falls back to a new dated folder', () => {
    const entries = [{ name: '26-01-15-task', isDirectory: false }];
    expect(resolveSessionFolder(entries, 'task', today)).toEqual({ folder: '26-11-24-task', isNew: true });
  });
});

describe('toFolderDay', () => {
  const today = new Date(2026, 10, 24);
  it.each([
    ['26-01-01-x', 20260101],
    ['27-12-31-x', 20271231],
    ['28-01-01-x', 19280101],
    ['99-01-01-x', 19990101],
    ['00-02-29-x', 20000229],
    ['26-02-29-x', undefined],
    ['26-00-10-x', undefined],
    ['x', undefined],
  ])('%s is day %s', (folder, day) => {
    expect(toFolderDay(folder, today)).toBe(day);
  });
});

describe('checkBranchName (git check-ref-format --branch)', () => {
  it.each([
    ['me/add-login', undefined],
    ['HEAD', "'HEAD' is reserved by git"],
    ['-x', "a git branch cannot start with '-'"],
    ['a..b', "a git branch cannot contain '..'"],
    ['me/x.lock', "no part of a git branch can end with '.lock'"],
    ['me/.x', "no part of a git branch can start with '.'"],
    ['me//x', "a git branch cannot contain '//' or start or end with '/'"],
    ['x.', "a git branch cannot end with '.'"],
  ])('%s → %s', (branch, problem) => {
    expect(checkBranchName(branch)).toBe(problem);
  });
});

describe('branch names', () => {
  it('strip the date and add the prefix; undated names stay whole', () => {
    expect(toUndatedName('26-01-15-my-task')).toBe('my-task');
    expect(toUndatedName('my-task')).toBe('my-task');
    expect(toBranchName('26-01-15-my-task', 'samocode/')).toBe('samocode/my-task');
    expect(toBranchName('my-task', '')).toBe('my-task');
  });
});
