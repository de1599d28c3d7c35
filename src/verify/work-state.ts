/** The state of the session's work in git: HEAD, uncommitted changes, commits of the branch's own. */
import { runGit } from '../process/git.js';

export interface WorkState {
  readonly head: string | null;
  readonly clean: boolean;
  readonly uncommitted: number;
  readonly commitsBeyondBase: number | null;
}

/**
 * Reads the work state of `workDir` on `branch`. Commits beyond base are the commits reachable from
 * HEAD that no other local branch holds, so the figure does not depend on where the branch started.
 */
export async function readWorkState(workDir: string, branch: string): Promise<WorkState> {
  const head = await runGit(workDir, ['rev-parse', '--verify', '--quiet', 'HEAD']);
  if (head.exitCode !== 0) return { head: null, clean: true, uncommitted: 0, commitsBeyondBase: null };
  const status = await runGit(workDir, ['status', '--porcelain', '--untracked-files=normal']);
  const uncommitted = status.stdout.split('\n').filter((line) => line.trim() !== '').length;
  const own = await runGit(workDir, [
    'rev-list',
    '--count',
    'HEAD',
    '--not',
    `--exclude=${branch}`,
    '--branches',
  ]);
  const count = Number(own.stdout.trim());
  return {
    head: head.stdout.trim(),
    clean: uncommitted === 0,
    uncommitted,
    commitsBeyondBase: own.exitCode === 0 && Number.isInteger(count) ? count : null,
  };
}
