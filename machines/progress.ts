/**
 * The "no progress" detector: iterations in a row that left the worktree as it was and wrote the
 * same signal. The provider side hashes both into one key per iteration; this counts repeats. Pure.
 *
 * @example
 * const one = nextProgress(undefined, 'k'); // { key: 'k', streak: 1 }
 * isStuck(nextProgress(nextProgress(one, 'k'), 'k'), 3); // true
 */

export interface ProgressTrack {
  /** Hash of HEAD, `git status --porcelain` and the raw signal after the iteration. */
  readonly key: string;
  /** Iterations in a row that ended with this key. */
  readonly streak: number;
}

/** The track after an iteration that ended with `key`; no key (not a git worktree) resets it. */
export function nextProgress(
  previous: ProgressTrack | undefined,
  key: string | undefined,
): ProgressTrack | undefined {
  if (key === undefined) return undefined;
  return previous?.key === key ? { key, streak: previous.streak + 1 } : { key, streak: 1 };
}

/** `limit` iterations in a row without a change; a limit of 0 turns the detector off. */
export function isStuck(track: ProgressTrack | undefined, limit: number): boolean {
  return limit > 0 && track !== undefined && track.streak >= limit;
}
