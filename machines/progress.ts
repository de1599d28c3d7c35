/**
 * The "no progress" rule: iterations in a row of the same phase that left everything as it was.
 * The provider actor hashes what an attempt left behind (the worktree, the session folder's work
 * files and the signal) into one mark; the machine counts repeats of that mark within a phase and
 * blocks at the workflow's limit. Pure.
 *
 * @example
 * const one = nextProgress(undefined, 'm', 'investigation'); // { key: 'm', phase: 'investigation', streak: 1 }
 * isStuck(nextProgress(nextProgress(one, 'm', 'investigation'), 'm', 'investigation'), 3); // true
 */
import type { Phase } from './phases.js';

export interface ProgressTrack {
  /** The progress mark the iterations of the streak ended with. */
  readonly key: string;
  /** The phase they ran in (a track saved before phases counted has none). */
  readonly phase?: Phase;
  /** Iterations in a row that ended with this mark in this phase. */
  readonly streak: number;
}

/** The track after an iteration of `phase` that ended with `mark`; no mark (not a git worktree, or the rule is off) resets it. */
export function nextProgress(
  previous: ProgressTrack | undefined,
  mark: string | undefined,
  phase: Phase,
): ProgressTrack | undefined {
  if (mark === undefined) return undefined;
  const isSame = previous?.key === mark && previous.phase === phase;
  return { key: mark, phase, streak: isSame ? previous.streak + 1 : 1 };
}

/** `limit` iterations in a row without a change; a limit of 0 turns the rule off. */
export function isStuck(track: ProgressTrack | undefined, limit: number): boolean {
  return limit > 0 && track !== undefined && track.streak >= limit;
}
