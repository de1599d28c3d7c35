/** What the worktree looks like after an iteration, as one hash of `git status --porcelain=v2 --branch`. */
import { createHash } from 'node:crypto';
import { runGit } from '../process/git.js';

/**
 * Undefined when `workDir` is not a git worktree (the no-progress detector is then off). One git
 * call per iteration: v2's `# branch.oid` line carries HEAD, so no `rev-parse` is needed.
 */
export async function readWorktreeMark(workDir: string): Promise<string | undefined> {
  // --no-optional-locks: a status taken between iterations never holds index.lock against the user's git.
  const status = await runGit(workDir, [
    '--no-optional-locks',
    'status',
    '--porcelain=v2',
    '--branch',
    '--untracked-files=all',
  ]);
  if (status.exitCode !== 0) return undefined;
  return createHash('sha256').update(status.stdout).digest('hex');
}

/**
 * The progress mark the machine's no-progress rule compares: the worktree mark, the session
 * folder's work files (`session-files-mark.ts`) and the raw signal the agent wrote. Undefined
 * outside a git worktree (the rule is then off).
 */
export function buildProgressMark(
  worktree: string | undefined,
  sessionFiles: string,
  rawSignal: string,
): string | undefined {
  if (worktree === undefined) return undefined;
  return createHash('sha256')
    .update(`${worktree}\0${sessionFiles}\0${rawSignal.trim()}`)
    .digest('hex')
    .slice(0, 16);
}
