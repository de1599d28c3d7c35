/**
 * `--push`: pushes the session branch to the main repository's `origin`, when one is set, within a
 * time limit and interruptible (Ctrl-C ends git's group at once).
 */
import { runGit } from '../process/git.js';

export type PushResult =
  | { readonly pushed: true; readonly remote: string; readonly branch: string }
  | { readonly pushed: false; readonly reason: string; readonly isInterrupted?: boolean };

export interface PushOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

const INTERRUPTED: PushResult = {
  pushed: false,
  reason: 'interrupted; the branch was not pushed',
  isInterrupted: true,
};

/** git's lines without the `remote: ` prefixes it (and a remote's hook) puts in front, and without terminal codes. */
function plainLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((line) =>
      line
        // biome-ignore lint/suspicious/noControlCharactersInRegex: git's erase-line code after remote lines
        .replace(/\u001b\[[0-9;]*[A-Za-z]/g, '')
        .trim(),
    )
    .filter((line) => line !== '');
}

const REMOTE_PREFIX = /^(remote:\s*)+/;
const REJECTED = /^!\s+\[(?:remote )?rejected\]\s+\S+\s+->\s+\S+\s+\((.+)\)$/;

/**
 * One sentence for a failed push: what the remote said (its `remote:` lines, once) and why git
 * refused (`[rejected] … (reason)`), else git's `fatal:`/`error:` lines. Pure.
 *
 * @example
 * describePushFailure('remote: no\n ! [remote rejected] b -> b (pre-receive hook declined)\n', 'u', 'b')
 * // 'origin (u) rejected branch b: no (pre-receive hook declined)'
 */
export function describePushFailure(stderr: string, url: string, branch: string): string {
  const lines = plainLines(stderr);
  const said = lines
    .filter((line) => REMOTE_PREFIX.test(line))
    .map((line) => line.replace(REMOTE_PREFIX, '').trim())
    .filter((line) => line !== '');
  const rejected = lines.map((line) => REJECTED.exec(line)?.[1]).find((reason) => reason !== undefined);
  const text = (parts: string[]) => parts.join('; ').slice(0, 400);
  if (rejected !== undefined) {
    return `origin (${url}) rejected branch ${branch}${said.length > 0 ? `: ${text(said)}` : ''} (${rejected})`;
  }
  const errors = lines.filter((line) => /^(fatal|error):/.test(line));
  const why = [...said, ...errors];
  return `git push to origin (${url}) failed: ${why.length > 0 ? text(why) : text(lines.slice(-2)) || 'no message'}`;
}

export async function pushBranch(
  mainRepo: string,
  branch: string,
  options: PushOptions,
): Promise<PushResult> {
  const signal = options.signal ? { signal: options.signal } : {};
  const remote = await runGit(mainRepo, ['remote', 'get-url', 'origin'], signal);
  if (remote.stopped === 'cancel') return INTERRUPTED;
  if (remote.exitCode !== 0) {
    return {
      pushed: false,
      reason: `${mainRepo} has no remote named origin; add one with git remote add origin <url>`,
    };
  }
  const url = remote.stdout.trim();
  const push = await runGit(
    mainRepo,
    ['push', '--set-upstream', 'origin', `refs/heads/${branch}:refs/heads/${branch}`],
    { timeoutMs: options.timeoutMs, ...signal },
  );
  if (push.stopped === 'cancel') return INTERRUPTED;
  if (push.stopped === 'timeout') {
    return {
      pushed: false,
      reason: `git push to origin (${url}) gave no answer within ${Math.round(options.timeoutMs / 1000)} s; push the branch yourself: git -C ${mainRepo} push origin ${branch}`,
    };
  }
  if (push.startError) return { pushed: false, reason: `could not start git: ${push.startError.message}` };
  if (push.exitCode !== 0) return { pushed: false, reason: describePushFailure(push.stderr, url, branch) };
  return { pushed: true, remote: url, branch };
}
