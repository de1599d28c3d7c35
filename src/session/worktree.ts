/** The session's git worktree: `git worktree add -b <branch> <path> <default branch>`, reused if present. */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { SamocodeError } from '../errors.js';
import { runGit } from '../process/git.js';
import { WORKTREE_LOCK_NAME, withRepoLock } from './repo-lock.js';

export interface WorktreeRequest {
  readonly mainRepo: string;
  readonly worktrees: string;
  /** The session folder name; the worktree gets the same name. */
  readonly folder: string;
  readonly branch: string;
  /** The branch came from the shared remote (another worker ran the session): using it is no surprise. */
  readonly isBranchExpected?: boolean;
}

export interface PreparedWorkDir {
  readonly workDir: string;
  readonly worktreePath: string;
  readonly branch: string;
  /** `created`, `reused`, or `in-place` (MAIN_REPO is not a git repository). */
  readonly mode: 'created' | 'reused' | 'in-place';
  readonly warning?: string;
}

/** The branch new worktrees start from: the repo's current branch, else origin/HEAD, else HEAD. */
export async function readDefaultBranch(mainRepo: string): Promise<string> {
  const current = await runGit(mainRepo, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
  if (current.exitCode === 0 && current.stdout.trim()) return current.stdout.trim();
  const origin = await runGit(mainRepo, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']);
  if (origin.exitCode === 0 && origin.stdout.trim()) return origin.stdout.trim();
  return 'HEAD';
}

/** What `prepareWorktree` will do, found with read-only git calls before anything is created. */
export interface WorktreePlan {
  readonly mode: 'create' | 'use-existing-branch' | 'reuse' | 'in-place';
  /** Set when git would refuse: what is in the way and what to do. */
  readonly problem?: string;
}

interface ListedWorktree {
  readonly path: string;
  readonly branch?: string;
  readonly isPrunable: boolean;
}

/** `git worktree list --porcelain` as data. Pure. */
export function parseWorktreeList(porcelain: string): ListedWorktree[] {
  return porcelain
    .split(/\n\s*\n/)
    .map((block) => block.split('\n'))
    .filter((lines) => lines[0]?.startsWith('worktree ') === true)
    .map((lines) => {
      const branch = lines.find((line) => line.startsWith('branch refs/heads/'));
      return {
        path: (lines[0] ?? '').slice('worktree '.length),
        ...(branch === undefined ? {} : { branch: branch.slice('branch refs/heads/'.length) }),
        isPrunable: lines.some((line) => line.startsWith('prunable')),
      };
    });
}

export async function planWorktree(request: WorktreeRequest): Promise<WorktreePlan> {
  const worktreePath = join(request.worktrees, request.folder);
  const inside = await runGit(request.mainRepo, ['rev-parse', '--is-inside-work-tree']);
  if (inside.exitCode !== 0 || inside.stdout.trim() !== 'true') return { mode: 'in-place' };
  if (existsSync(worktreePath)) return { mode: 'reuse' };
  const listed = parseWorktreeList(
    (await runGit(request.mainRepo, ['worktree', 'list', '--porcelain'])).stdout,
  );
  const stale = listed.find((tree) => tree.path === worktreePath);
  if (stale !== undefined) {
    return {
      mode: 'create',
      problem: `git still lists a worktree at ${worktreePath}, which no longer exists; run git -C ${request.mainRepo} worktree prune, then run again`,
    };
  }
  const holder = listed.find((tree) => tree.branch === request.branch);
  if (holder !== undefined) {
    return {
      mode: 'use-existing-branch',
      problem: `branch "${request.branch}" is already checked out in ${holder.path}${holder.isPrunable ? ' (a worktree that no longer exists: run git worktree prune)' : ''}, and git checks a branch out in one place only; choose another --session name, or set GIT_BRANCH_PREFIX (e.g. GIT_BRANCH_PREFIX=samocode gives samocode/${request.branch})`,
    };
  }
  const hasBranch = await runGit(request.mainRepo, [
    'rev-parse',
    '--verify',
    '--quiet',
    `refs/heads/${request.branch}`,
  ]);
  return { mode: hasBranch.exitCode === 0 ? 'use-existing-branch' : 'create' };
}

export async function prepareWorktree(request: WorktreeRequest): Promise<PreparedWorkDir> {
  const worktreePath = join(request.worktrees, request.folder);
  const inside = await runGit(request.mainRepo, ['rev-parse', '--is-inside-work-tree']);
  if (inside.exitCode !== 0 || inside.stdout.trim() !== 'true') {
    return {
      workDir: request.mainRepo,
      worktreePath,
      branch: request.branch,
      mode: 'in-place',
      warning: `MAIN_REPO ${request.mainRepo} is not a git repository, so the agent works in it directly (no worktree, no branch)`,
    };
  }
  if (existsSync(worktreePath)) {
    return { workDir: worktreePath, worktreePath, branch: request.branch, mode: 'reused' };
  }
  const commonDir = await runGit(request.mainRepo, ['rev-parse', '--git-common-dir']);
  const gitDir = commonDir.stdout.trim();
  const lockPath = join(isAbsolute(gitDir) ? gitDir : join(request.mainRepo, gitDir), WORKTREE_LOCK_NAME);
  return withRepoLock(lockPath, () => addWorktree(request, worktreePath));
}

/** git's "another git process holds this lock" messages (no structured field exists). */
export function isGitLockError(stderr: string): boolean {
  return /could not lock|Unable to create '[^']*\.lock'|cannot lock ref|\.lock': File exists/i.test(stderr);
}

const LOCK_RETRIES = 5;

async function addWorktree(request: WorktreeRequest, worktreePath: string): Promise<PreparedWorkDir> {
  if (existsSync(worktreePath)) {
    return { workDir: worktreePath, worktreePath, branch: request.branch, mode: 'reused' };
  }
  const existedBefore = request.isBranchExpected !== true && (await hasLocalBranch(request));
  const reuseWarning = existedBefore
    ? {
        warning: `branch ${request.branch} already existed, so the session works on it as it is (it was not created from the current branch); use another --session name for a fresh branch`,
      }
    : {};
  for (let attempt = 1; ; attempt += 1) {
    // A failed attempt may have created the branch already, so look again each time.
    const hasBranch = await runGit(request.mainRepo, [
      'rev-parse',
      '--verify',
      '--quiet',
      `refs/heads/${request.branch}`,
    ]);
    const args =
      hasBranch.exitCode === 0
        ? ['worktree', 'add', worktreePath, request.branch]
        : ['worktree', 'add', '-b', request.branch, worktreePath, await readDefaultBranch(request.mainRepo)];
    const added = await runGit(request.mainRepo, args);
    if (added.exitCode === 0) {
      return {
        workDir: worktreePath,
        worktreePath,
        branch: request.branch,
        mode: 'created',
        ...reuseWarning,
      };
    }
    // Another git process (outside samocode) held one of git's locks: wait a little and try again.
    if (attempt < LOCK_RETRIES && isGitLockError(added.stderr) && !existsSync(worktreePath)) {
      await delay(50 * 2 ** attempt * (0.5 + Math.random() / 2));
      continue;
    }
    throw new SamocodeError(
      'session.worktree',
      `git ${args.join(' ')} failed in ${request.mainRepo}: ${added.stderr.trim().slice(0, 400)}; fix the repository (or remove the stale worktree with git worktree prune) and run again`,
    );
  }
}

async function hasLocalBranch(request: WorktreeRequest): Promise<boolean> {
  const found = await runGit(request.mainRepo, [
    'rev-parse',
    '--verify',
    '--quiet',
    `refs/heads/${request.branch}`,
  ]);
  return found.exitCode === 0;
}
