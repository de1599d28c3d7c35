/** What the worktree looks like after an iteration, as one hash: HEAD plus `git status --porcelain`. */
import { createHash } from 'node:crypto';
import { execa } from 'execa';

/** Undefined when `workDir` is not a git worktree (the no-progress detector is then off). */
export async function readWorktreeMark(workDir: string): Promise<string | undefined> {
  const git = (args: string[]) =>
    execa('git', args, { cwd: workDir, reject: false, stripFinalNewline: false });
  const [head, status] = await Promise.all([
    git(['rev-parse', '--verify', '--quiet', 'HEAD']),
    git(['status', '--porcelain=v1', '--untracked-files=all']),
  ]);
  if (status.exitCode !== 0) return undefined;
  return createHash('sha256').update(`${head.stdout}\0${status.stdout}`).digest('hex');
}

/** The key the detector compares: the worktree mark and the raw signal the agent wrote. */
export function buildProgressKey(mark: string | undefined, rawSignal: string): string | undefined {
  if (mark === undefined) return undefined;
  return createHash('sha256').update(`${mark}\0${rawSignal.trim()}`).digest('hex').slice(0, 16);
}
