/**
 * The session branch between the workers of a team: each worker has its own clone of the project
 * (`MAIN_REPO`, with the shared remote as `origin`); the branch is pushed at every stop and, before
 * a worker runs the session, brought here as `origin` has it, since another worker may have moved
 * it on. Every git call goes through `runGit`, with its time limit.
 */
import { existsSync } from 'node:fs';
import { SamocodeError } from '../errors.js';
import { runGit } from '../process/git.js';

export interface BranchPlace {
  readonly mainRepo: string;
  readonly branch: string;
  /** The session worktree; it may not exist yet on this machine. */
  readonly worktreePath: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export type PullResult =
  /** `origin` has no such branch yet (a new session), or there is no `origin`: nothing to bring. */
  | { readonly kind: 'new' | 'no-remote'; readonly warning?: string }
  /** Here already as `origin` has it. */
  | { readonly kind: 'same' }
  /** Moved to `origin`'s commit (another worker ran the session since). */
  | { readonly kind: 'updated'; readonly head: string; readonly warning?: string }
  /** This clone has commits `origin` lacks (a push that failed before): they are kept, and pushed at the next stop. */
  | { readonly kind: 'ahead'; readonly warning: string };

const short = (sha: string) => sha.slice(0, 12);

async function revParse(cwd: string, ref: string, place: BranchPlace): Promise<string | undefined> {
  const found = await runGit(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], options(place));
  return found.exitCode === 0 ? found.stdout.trim() : undefined;
}

const options = (place: BranchPlace) => ({
  timeoutMs: place.timeoutMs,
  ...(place.signal ? { signal: place.signal } : {}),
});

async function isAncestor(place: BranchPlace, older: string, newer: string): Promise<boolean> {
  const result = await runGit(place.mainRepo, ['merge-base', '--is-ancestor', older, newer], options(place));
  return result.exitCode === 0;
}

function gitFailure(what: string, place: BranchPlace, stderr: string): SamocodeError {
  return new SamocodeError(
    'session.branch',
    `${what} failed in ${place.mainRepo}: ${stderr.trim().slice(0, 300) || 'no message'}; fix the clone or its origin and run again`,
  );
}

/** Brings the session branch here as `origin` has it; a worktree left behind by an earlier run here is moved with it. */
export async function pullSessionBranch(place: BranchPlace): Promise<PullResult> {
  const { mainRepo, branch } = place;
  const remote = await runGit(mainRepo, ['remote', 'get-url', 'origin'], options(place));
  if (remote.exitCode !== 0) {
    return {
      kind: 'no-remote',
      warning: `${mainRepo} has no remote named origin, so the branch ${branch} is neither fetched nor pushed: other workers will not see its commits; add one with git remote add origin <url>`,
    };
  }
  const tracking = `refs/remotes/origin/${branch}`;
  const fetched = await runGit(
    mainRepo,
    ['fetch', '--quiet', '--no-tags', 'origin', `+refs/heads/${branch}:${tracking}`],
    options(place),
  );
  if (fetched.exitCode !== 0) {
    if (/couldn't find remote ref/i.test(fetched.stderr)) return { kind: 'new' };
    throw gitFailure(`git fetch origin ${branch}`, place, fetched.stderr);
  }
  const theirs = await revParse(mainRepo, tracking, place);
  if (theirs === undefined) return { kind: 'new' };
  const ours = await revParse(mainRepo, `refs/heads/${branch}`, place);
  if (ours === theirs) return { kind: 'same' };
  if (ours !== undefined && (await isAncestor(place, theirs, ours))) {
    return {
      kind: 'ahead',
      warning: `branch ${branch} here has commits origin lacks (${short(theirs)}..${short(ours)}, a push that failed before): kept, and pushed at the next stop`,
    };
  }
  if (ours !== undefined && !(await isAncestor(place, ours, theirs))) {
    throw new SamocodeError(
      'session.branch',
      `branch ${branch} has diverged: ${short(ours)} here, ${short(theirs)} on origin (${mainRepo}); only one worker runs a session at a time, so someone changed one of them by hand: reconcile them, then run again`,
    );
  }
  return { kind: 'updated', head: theirs, ...(await moveBranch(place, theirs)) };
}

/** Points the local branch at `head`: in its worktree when there is one (its uncommitted leftovers are discarded, and said). */
async function moveBranch(place: BranchPlace, head: string): Promise<{ warning?: string }> {
  const { mainRepo, branch, worktreePath } = place;
  if (!existsSync(worktreePath)) {
    const moved = await runGit(mainRepo, ['branch', '--force', branch, head], options(place));
    if (moved.exitCode !== 0) throw gitFailure(`git branch --force ${branch}`, place, moved.stderr);
    return {};
  }
  const status = await runGit(
    worktreePath,
    ['status', '--porcelain', '--untracked-files=no'],
    options(place),
  );
  const dirty = status.stdout.split('\n').filter((line) => line.trim() !== '').length;
  const reset = await runGit(worktreePath, ['reset', '--quiet', '--hard', head], options(place));
  if (reset.exitCode !== 0) throw gitFailure(`git reset --hard ${short(head)}`, place, reset.stderr);
  return dirty > 0
    ? {
        warning: `${worktreePath}: discarded ${dirty} uncommitted change(s) left by an earlier run on this machine; the session moved on elsewhere (now at ${short(head)})`,
      }
    : {};
}
