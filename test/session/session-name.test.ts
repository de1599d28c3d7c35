import { describe, expect, it } from 'vitest';
import { SamocodeError } from '../../src/errors.js';
import { resolveSessionFolder } from '../../src/session/resolve-session.js';
import { toBranchName, toUndatedName, validateSessionName } from '../../src/session/session-name.js';

describe('validateSessionName', () => {
  it.each(['../x', 'a/b', '', '.', '..', 'a b', '/abs', 'x\\y'])('refuses %j with session.name', (name) => {
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

  it.each(['add-login', '24-01-02-x', 'v1.2_fix', '...'])('accepts %j', (name) => {
    expect(validateSessionName(name)).toBe(name);
  });
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

  it('ignores files and falls back to a new dated folder', () => {
    const entries = [{ name: '26-01-15-task', isDirectory: false }];
    expect(resolveSessionFolder(entries, 'task', today)).toEqual({ folder: '26-11-24-task', isNew: true });
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
