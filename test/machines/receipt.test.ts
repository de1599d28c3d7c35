/** What makes samocode's own check of a `done` pass, and why a completion is not verified. */
import { describe, expect, it } from 'vitest';
import { isPassing, type Receipt, unverifiedReasons } from '../../machines/receipt.js';

const passed: Receipt = {
  command: 'npm test',
  exitCode: 0,
  durationMs: 1200,
  timedOut: false,
  head: 'abc123',
  clean: true,
  uncommitted: 0,
  commitsBeyondBase: 2,
  tail: '',
  logFile: '/s/_logs/009-verify.log',
};

describe('unverifiedReasons', () => {
  it('has none for a passing command on committed, clean work', () => {
    expect(unverifiedReasons(passed)).toEqual([]);
  });

  it('says the completion was only claimed without a receipt or a command', () => {
    expect(unverifiedReasons(undefined)).toEqual(['claimed by the agent, not verified']);
    expect(unverifiedReasons({ ...passed, command: null })).toEqual(['claimed by the agent, not verified']);
  });

  it('names a time-out, not the exit code it left', () => {
    expect(unverifiedReasons({ ...passed, timedOut: true, exitCode: null })).toEqual([
      '`npm test` timed out',
    ]);
  });

  it('names the exit code, or a signal when there is none', () => {
    expect(unverifiedReasons({ ...passed, exitCode: 1 })).toEqual(['`npm test` exited 1']);
    expect(unverifiedReasons({ ...passed, exitCode: null })).toEqual(['`npm test` exited by a signal']);
  });

  it('names a branch without commits of its own, but not a worktree outside git', () => {
    expect(unverifiedReasons({ ...passed, commitsBeyondBase: 0 })).toEqual([
      'the branch has no commits of its own',
    ]);
    expect(unverifiedReasons({ ...passed, commitsBeyondBase: null })).toEqual([]);
  });

  it('counts uncommitted changes, and lists every reason in the order to fix them', () => {
    expect(
      unverifiedReasons({ ...passed, exitCode: 2, commitsBeyondBase: 0, clean: false, uncommitted: 3 }),
    ).toEqual([
      '`npm test` exited 2',
      'the branch has no commits of its own',
      '3 uncommitted change(s) in the worktree',
    ]);
  });
});

describe('isPassing', () => {
  it('passes a command that exited 0 in time, whatever the state of the work', () => {
    expect(isPassing(passed)).toBe(true);
    expect(isPassing({ ...passed, clean: false, uncommitted: 1, commitsBeyondBase: 0 })).toBe(true);
  });

  it.each<[string, Partial<Receipt>]>([
    ['no command', { command: null }],
    ['a time-out', { timedOut: true }],
    ['a time-out that still exited 0', { timedOut: true, exitCode: 0 }],
    ['a non-zero exit', { exitCode: 1 }],
    ['no exit code', { exitCode: null }],
  ])('fails with %s', (_name, change) => {
    expect(isPassing({ ...passed, ...change })).toBe(false);
  });
});
