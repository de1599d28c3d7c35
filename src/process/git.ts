/**
 * Every git call samocode makes: `git <args>` in `cwd` through `runProcess`, stdin empty, the
 * output kept as text, a time limit that ends git's whole group, and an optional cancellation.
 */

import type { ProcessResult } from './process-result.js';
import { runProcess } from './run-process.js';

/** A local git call that takes longer than this is stuck (a lock, a hook, a network filesystem). */
export const GIT_TIMEOUT_MS = 120_000;
/** git exits on SIGTERM at once; the grace is only for a hook it runs. */
const GIT_KILL_GRACE_MS = 2_000;

export interface GitOptions {
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export type GitResult = ProcessResult;

/**
 * @example
 * const head = await runGit(repo, ['rev-parse', 'HEAD']);
 * if (head.exitCode === 0) use(head.stdout.trim());
 */
export function runGit(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<GitResult> {
  return runProcess({
    file: 'git',
    args,
    cwd,
    ...(options.env ? { env: options.env } : {}),
    timeoutMs: options.timeoutMs ?? GIT_TIMEOUT_MS,
    killGraceMs: GIT_KILL_GRACE_MS,
    ...(options.signal ? { signal: options.signal } : {}),
    capture: true,
  });
}
