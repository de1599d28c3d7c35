/** `--push`: pushes the session branch to the main repository's `origin`, when one is set. */
import { spawnSync } from 'node:child_process';

export type PushResult =
  | { readonly pushed: true; readonly remote: string; readonly branch: string }
  | { readonly pushed: false; readonly reason: string };

export function pushBranch(mainRepo: string, branch: string): PushResult {
  const remote = spawnSync('git', ['remote', 'get-url', 'origin'], { cwd: mainRepo, encoding: 'utf8' });
  if (remote.status !== 0) {
    return {
      pushed: false,
      reason: `${mainRepo} has no remote named origin; add one with git remote add origin <url>`,
    };
  }
  const push = spawnSync(
    'git',
    ['push', '--set-upstream', 'origin', `refs/heads/${branch}:refs/heads/${branch}`],
    {
      cwd: mainRepo,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  if (push.status !== 0) {
    return {
      pushed: false,
      reason: `git push origin ${branch} failed: ${(push.stderr ?? '').trim().slice(0, 400)}`,
    };
  }
  return { pushed: true, remote: remote.stdout.trim(), branch };
}
