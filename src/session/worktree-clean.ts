/**
 * `samocode clean`: remove a finished session's worktree, keep or delete its branch, and never
 * lose work: uncommitted changes, ignored files, commits of a detached HEAD that no branch holds,
 * or an unmerged branch stop the clean unless `--force`.
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
  /** Files and folders git ignores in the worktree: removing the worktree deletes them. */
  readonly ignored: readonly string[];
  /** `<short hash> <subject>` of commits the worktree's HEAD has that no branch, tag or remote holds. */
  readonly orphanCommits: readonly string[];
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

/**
 * `git status --porcelain --ignored` split into what is uncommitted (or untracked) and what git
 * ignores (`!! path`). Pure.
 */
export function parseWorktreeStatus(porcelain: string): { uncommitted: string[]; ignored: string[] } {
  const lines = porcelain.split('\n').filter((line) => line.trim() !== '');
  return {
    uncommitted: lines.filter((line) => !line.startsWith('!! ')),
    ignored: lines.filter((line) => line.startsWith('!! ')).map((line) => line.slice(3)),
  };
}

/** `git log --format='%h %s' HEAD --not --branches --tags --remotes` as a list. Pure. */
export function parseOrphanCommits(log: string): string[] {
  return log.split('\n').filter((line) => line.trim() !== '');
}

export async function readCleanState(request: CleanRequest): Promise<CleanState> {
  const inside = await runGit(request.mainRepo, ['rev-parse', '--is-inside-work-tree']);
  const isGitRepo = inside.exitCode === 0 && inside.stdout.trim() === 'true';
  const none = {
    isGitRepo,
    hasWorktree: false,
    uncommitted: [],
    ignored: [],
    orphanCommits: [],
    hasBranch: false,
    base: '',
    unmerged: 0,
  };
  if (!isGitRepo) return none;
  const listed = parseWorktreeList(
    (await runGit(request.mainRepo, ['worktree', 'list', '--porcelain'])).stdout,
  );
  const hasWorktree =
    existsSync(request.worktreePath) && listed.some((tree) => tree.path === request.worktreePath);
  const status = hasWorktree
    ? await runGit(request.worktreePath, ['status', '--porcelain', '--ignored'])
    : undefined;
  const { uncommitted, ignored } = parseWorktreeStatus(status?.stdout ?? '');
  // Commits only the worktree's HEAD reaches (made on a detached HEAD): the worktree's removal drops them.
  const orphans = hasWorktree
    ? await runGit(request.worktreePath, [
        'log',
        '--format=%h %s',
        'HEAD',
        '--not',
        '--branches',
        '--tags',
        '--remotes',
        '--',
      ])
    : undefined;
  const orphanCommits = orphans?.exitCode === 0 ? parseOrphanCommits(orphans.stdout) : [];
  const ref = `refs/heads/${request.branch}`;
  const hasBranch =
    (await runGit(request.mainRepo, ['rev-parse', '--verify', '--quiet', ref])).exitCode === 0;
  const base = await readDefaultBranch(request.mainRepo);
  const count = hasBranch
    ? await runGit(request.mainRepo, ['rev-list', '--count', `${base}..${ref}`])
    : undefined;
  const unmerged = count?.exitCode === 0 ? Number(count.stdout.trim()) : 0;
  return { ...none, hasWorktree, uncommitted, ignored, orphanCommits, hasBranch, base, unmerged };
}

const listed = (items: readonly string[], max = 3): string =>
  `${items.slice(0, max).join(', ')}${items.length > max ? ', …' : ''}`;
const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

/** What removing the worktree would lose, each with the way to keep it. Pure. */
function describeWorktreeLosses(state: CleanState, worktree: string): string[] {
  const losses: string[] = [];
  const dirty = state.uncommitted.length;
  if (dirty > 0)
    losses.push(
      `the worktree ${worktree} has ${plural(dirty, 'uncommitted change', 'uncommitted changes')} (${listed(state.uncommitted)}); commit them (${renderCommand(['git', '-C', worktree, 'add', '-A'])} && ${renderCommand(['git', '-C', worktree, 'commit'])}), or pass --force to discard them`,
    );
  if (state.ignored.length > 0)
    losses.push(
      `the worktree ${worktree} holds ${plural(state.ignored.length, 'ignored file or folder', 'ignored files or folders')} that git does not keep (${listed(state.ignored, 5)}); removing the worktree deletes them: copy what you need elsewhere, or pass --force`,
    );
  const orphans = state.orphanCommits.length;
  if (orphans > 0)
    losses.push(
      `the worktree ${worktree} is on a detached HEAD with ${plural(orphans, 'commit', 'commits')} no branch holds (${listed(state.orphanCommits)}); keep ${orphans === 1 ? 'it' : 'them'} with a branch (${renderCommand(['git', '-C', worktree, 'branch'])} <name>), or pass --force to drop ${orphans === 1 ? 'it' : 'them'}`,
    );
  return losses;
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
  const losses =
    options.force || !state.hasWorktree ? [] : describeWorktreeLosses(state, request.worktreePath);
  if (losses.length > 0)
    return { removeWorktree: false, deleteBranch: false, kept, refusal: losses.join('; and ') };
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
