/**
 * `samocode clean`: remove a finished session's worktree, keep or delete its branch, and never
 * lose work: uncommitted changes or an unmerged branch stop the clean unless `--force`.
 * Read (git), decide (pure `planClean`), then act (`applyClean`).
 */
import { existsSync } from 'node:fs';
import { SamocodeError } from '../errors.js';
import { runGit } from '../process/git.js';
import { renderCommand } from '../text/shell-quote.js';
import { parseWorktreeList, readDefaultBranch } from './worktree.js';

export interface CleanRequest {
  readonly mainRepo: string;
  readonly worktreePath: string;
  readonly branch: string;
}

/** What git says about the session's worktree and branch. */
export interface CleanState {
  readonly isGitRepo: boolean;
  readonly hasWorktree: boolean;
  /** `git status --porcelain` lines of the worktree (uncommitted or untracked files). */
  readonly uncommitted: readonly string[];
  readonly hasBranch: boolean;
  /** The branch the session branch is compared with (MAIN_REPO's current branch). */
  readonly base: string;
  /** Commits on the session branch that `base` does not have. */
  readonly unmerged: number;
}

export interface CleanOptions {
  readonly deleteBranch: boolean;
  readonly force: boolean;
}

export interface CleanPlan {
  readonly removeWorktree: boolean;
  readonly deleteBranch: boolean;
  /** What is kept and why, one line each. */
  readonly kept: readonly string[];
  /** Set when the clean must not run: what would be lost and how to proceed. */
  readonly refusal?: string;
}

export async function readCleanState(request: CleanRequest): Promise<CleanState> {
  const inside = await runGit(request.mainRepo, ['rev-parse', '--is-inside-work-tree']);
  const isGitRepo = inside.exitCode === 0 && inside.stdout.trim() === 'true';
  const none = { isGitRepo, hasWorktree: false, uncommitted: [], hasBranch: false, base: '', unmerged: 0 };
  if (!isGitRepo) return none;
  const listed = parseWorktreeList(
    (await runGit(request.mainRepo, ['worktree', 'list', '--porcelain'])).stdout,
  );
  const hasWorktree =
    existsSync(request.worktreePath) && listed.some((tree) => tree.path === request.worktreePath);
  const status = hasWorktree ? await runGit(request.worktreePath, ['status', '--porcelain']) : undefined;
  const uncommitted = (status?.stdout ?? '').split('\n').filter((line) => line.trim() !== '');
  const ref = `refs/heads/${request.branch}`;
  const hasBranch =
    (await runGit(request.mainRepo, ['rev-parse', '--verify', '--quiet', ref])).exitCode === 0;
  const base = await readDefaultBranch(request.mainRepo);
  const count = hasBranch
    ? await runGit(request.mainRepo, ['rev-list', '--count', `${base}..${ref}`])
    : undefined;
  const unmerged = count?.exitCode === 0 ? Number(count.stdout.trim()) : 0;
  return { ...none, hasWorktree, uncommitted, hasBranch, base, unmerged };
}

/** Decides what to remove and what to keep. Pure. */
export function planClean(state: CleanState, request: CleanRequest, options: CleanOptions): CleanPlan {
  if (!state.isGitRepo) {
    return {
      removeWorktree: false,
      deleteBranch: false,
      kept: [
        `MAIN_REPO ${request.mainRepo} is not a git repository: the session worked in it directly, nothing to remove`,
      ],
    };
  }
  const kept: string[] = [];
  const dirty = state.uncommitted.length;
  if (state.hasWorktree && dirty > 0 && !options.force) {
    return {
      removeWorktree: false,
      deleteBranch: false,
      kept,
      refusal: `the worktree ${request.worktreePath} has ${dirty} uncommitted change${dirty === 1 ? '' : 's'} (${state.uncommitted.slice(0, 3).join(', ')}${dirty > 3 ? ', …' : ''}); commit them (${renderCommand(['git', '-C', request.worktreePath, 'add', '-A'])} && ${renderCommand(['git', '-C', request.worktreePath, 'commit'])}), or pass --force to discard them`,
    };
  }
  const wantsDelete = options.deleteBranch && state.hasBranch;
  if (wantsDelete && state.unmerged > 0 && !options.force) {
    return {
      removeWorktree: false,
      deleteBranch: false,
      kept,
      refusal: `branch ${request.branch} has ${state.unmerged} commit${state.unmerged === 1 ? '' : 's'} that ${state.base} does not have; merge it first (${renderCommand(['git', '-C', request.mainRepo, 'merge', request.branch])}), clean without --delete-branch to keep it, or pass --force to delete it anyway`,
    };
  }
  if (!state.hasWorktree) kept.push(`no worktree at ${request.worktreePath}: nothing to remove`);
  if (state.hasBranch && !wantsDelete) {
    kept.push(
      state.unmerged > 0
        ? `kept branch ${request.branch}: ${state.unmerged} commit${state.unmerged === 1 ? '' : 's'} not in ${state.base}; merge it (${renderCommand(['git', '-C', request.mainRepo, 'merge', request.branch])}) or delete it later (${renderCommand(['git', 'branch', '-D', request.branch])})`
        : `kept branch ${request.branch} (nothing on it that ${state.base} lacks; delete it with --delete-branch)`,
    );
  }
  return { removeWorktree: state.hasWorktree, deleteBranch: wantsDelete, kept };
}

/** Carries out a plan without a refusal; returns what was removed, one line each. */
export async function applyClean(
  plan: CleanPlan,
  request: CleanRequest,
  options: CleanOptions,
): Promise<string[]> {
  const done: string[] = [];
  if (plan.removeWorktree) {
    const args = ['worktree', 'remove', ...(options.force ? ['--force'] : []), request.worktreePath];
    const removed = await runGit(request.mainRepo, args);
    if (removed.exitCode !== 0)
      throw new SamocodeError(
        'clean.failed',
        `git ${args.join(' ')} failed: ${removed.stderr.trim().slice(0, 300)}; fix it, then run samocode clean again`,
      );
    done.push(`removed worktree ${request.worktreePath}`);
  }
  if (plan.deleteBranch) {
    const deleted = await runGit(request.mainRepo, ['branch', options.force ? '-D' : '-d', request.branch]);
    if (deleted.exitCode !== 0)
      throw new SamocodeError(
        'clean.failed',
        `git branch -d ${request.branch} failed: ${deleted.stderr.trim().slice(0, 300)}; merge the branch or pass --force`,
      );
    done.push(`deleted branch ${request.branch}`);
  }
  return done;
}
