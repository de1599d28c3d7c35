/** The state of the session's work in git: HEAD, uncommitted changes, commits of the branch's own. */
import { spawnSync } from 'node:child_process';

export interface WorkState {
  readonly head: string | null;
  readonly clean: boolean;
  readonly uncommitted: number;
  readonly commitsBeyondBase: number | null;
}

function git(cwd: string, args: readonly string[]): { ok: boolean; out: string } {
  const result = spawnSync('git', [...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { ok: result.status === 0, out: result.stdout ?? '' };
}

/**
 * Reads the work state of `workDir` on `branch`. Commits beyond base are the commits reachable from
 * HEAD that no other local branch holds, so the figure does not depend on where the branch started.
 */
export function readWorkState(workDir: string, branch: string): WorkState {
  const head = git(workDir, ['rev-parse', '--verify', '--quiet', 'HEAD']);
  if (!head.ok) return { head: null, clean: true, uncommitted: 0, commitsBeyondBase: null };
  const status = git(workDir, ['status', '--porcelain', '--untracked-files=normal']);
  const uncommitted = status.out.split('\n').filter((line) => line.trim() !== '').length;
  const own = git(workDir, ['rev-list', '--count', 'HEAD', '--not', `--exclude=${branch}`, '--branches']);
  const count = Number(own.out.trim());
  return {
    head: head.out.trim(),
    clean: uncommitted === 0,
    uncommitted,
    commitsBeyondBase: own.ok && Number.isInteger(count) ? count : null,
  };
}
