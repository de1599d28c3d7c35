/** The pure half of `clean`: what git said, and what would be lost. */
import { describe, expect, it } from 'vitest';
import {
  type CleanState,
  parseOrphanCommits,
  parseWorktreeStatus,
  planClean,
} from '../../src/session/worktree-clean.js';

const request = { mainRepo: '/r', worktreePath: '/w/feat', branch: 'feat' };
const clean: CleanState = {
  isGitRepo: true,
  hasWorktree: true,
  uncommitted: [],
  ignored: [],
  orphanCommits: [],
  hasBranch: true,
  base: 'main',
  unmerged: 0,
};
const keep = { deleteBranch: false, force: false };

describe('clean decisions', () => {
  it('splits `git status --porcelain --ignored` into uncommitted and ignored entries', () => {
    expect(parseWorktreeStatus(' M a.ts\n?? b.ts\n!! notes.txt\n!! build/\n')).toEqual({
      uncommitted: [' M a.ts', '?? b.ts'],
      ignored: ['notes.txt', 'build/'],
    });
    expect(parseOrphanCommits('abc1234 detached work\n\n')).toEqual(['abc1234 detached work']);
  });

  it('names every loss at once, each with its way out', () => {
    const plan = planClean(
      {
        ...clean,
        uncommitted: ['?? b.ts'],
        ignored: ['notes.txt'],
        orphanCommits: ['abc1234 x', 'def5678 y'],
      },
      request,
      keep,
    );
    expect(plan.removeWorktree).toBe(false);
    expect(plan.refusal?.split('; and ')).toEqual([
      'the worktree /w/feat has 1 uncommitted change (?? b.ts); commit them (git -C /w/feat add -A && git -C /w/feat commit), or pass --force to discard them',
      'the worktree /w/feat holds 1 ignored file or folder that git does not keep (notes.txt); removing the worktree deletes them: copy what you need elsewhere, or pass --force',
      'the worktree /w/feat is on a detached HEAD with 2 commits no branch holds (abc1234 x, def5678 y); keep them with a branch (git -C /w/feat branch <name>), or pass --force to drop them',
    ]);
  });

  it('removes the worktree with --force whatever it holds', () => {
    const plan = planClean({ ...clean, ignored: ['notes.txt'], orphanCommits: ['abc1234 x'] }, request, {
      deleteBranch: false,
      force: true,
    });
    expect(plan).toMatchObject({ removeWorktree: true, deleteBranch: false });
    expect(plan.refusal).toBeUndefined();
  });

  it('removes a clean worktree without asking', () => {
    const plan = planClean(clean, request, keep);
    expect(plan.removeWorktree).toBe(true);
    expect(plan.refusal).toBeUndefined();
  });
});
