import { describe, expect, it } from 'vitest';
import type { Receipt } from '../../machines/receipt.js';
import { completionOf, describeCompletion } from '../../src/verify/completion-text.js';

const receipt = (overrides: Partial<Receipt> = {}): Receipt => ({
  command: 'npm test',
  exitCode: 0,
  durationMs: 1200,
  timedOut: false,
  head: '0123456789abcdef0123',
  clean: true,
  uncommitted: 0,
  commitsBeyondBase: 3,
  tail: '',
  logFile: '/s/_logs/007-verify.log',
  ...overrides,
});

describe('completion text', () => {
  it.each([
    [
      receipt(),
      'complete, verified: `npm test` passed on 0123456789ab (3 commit(s) on the branch, worktree clean)',
    ],
    [
      receipt({ clean: false, uncommitted: 2 }),
      'complete, NOT verified: 2 uncommitted change(s) in the worktree (commit 0123456789ab)',
    ],
    [
      receipt({ commitsBeyondBase: 0 }),
      'complete, NOT verified: the branch has no commits of its own (commit 0123456789ab)',
    ],
    [receipt({ exitCode: 1 }), 'complete, NOT verified: `npm test` exited 1 (commit 0123456789ab)'],
    [
      receipt({ exitCode: null, timedOut: true }),
      'complete, NOT verified: `npm test` timed out (commit 0123456789ab)',
    ],
    [receipt({ command: null }), 'complete (claimed by the agent, not verified)'],
    [undefined, 'complete (claimed by the agent, not verified)'],
  ])('%#', (given, line) => {
    expect(describeCompletion(completionOf(given))).toBe(line);
  });

  it('a claimed completion names uncommitted work and an empty branch', () => {
    const work = { head: 'abc', clean: false, uncommitted: 1, commitsBeyondBase: 0 };
    expect(describeCompletion(completionOf(undefined, work))).toBe(
      'complete (claimed by the agent, not verified; the branch has no commits of its own; 1 uncommitted change(s) in the worktree: commit them or they stay only there)',
    );
  });
});
