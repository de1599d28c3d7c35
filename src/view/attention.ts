/**
 * What a session asks of a person, from its state and whether a run holds it: the class `ls`
 * sorts by and the dashboard colours. Pure; the state questions are `machines/state-meaning.ts`'s.
 */
import { activityOf, exitClassOf } from '../../machines/state-meaning.js';
import type { StateOf } from '../../machines/sub-states.js';

/** Attention classes in the order `ls` lists them: the ones that need a human first. */
export const ATTENTION = [
  'waiting',
  'blocked',
  'failed',
  'corrupt',
  'interrupted',
  'paused',
  'suspended',
  'running',
  'new',
  'completed',
] as const;
export type Attention = (typeof ATTENTION)[number];

/** A person must act before the session moves again. */
export const NEEDS_HUMAN: Readonly<Record<Attention, boolean>> = {
  waiting: true,
  blocked: true,
  failed: true,
  corrupt: true,
  interrupted: true,
  paused: false,
  suspended: false,
  running: false,
  new: false,
  completed: false,
};

/**
 * `state` is undefined before the first saved snapshot; `isUnreadable` when `_state.json` cannot
 * be used. A state a run only passes through is `running` (or `suspended`) with a live run, and
 * `interrupted` without one.
 */
export function classifyAttention(
  state: StateOf | undefined,
  isLive: boolean,
  isUnreadable = false,
): Attention {
  if (isUnreadable) return 'corrupt';
  if (state === undefined) return isLive ? 'running' : 'new';
  const exitClass = exitClassOf(state);
  if (exitClass === 'complete') return 'completed';
  if (exitClass !== undefined) return exitClass;
  if (!isLive) return 'interrupted';
  return activityOf(state) === 'limit' ? 'suspended' : 'running';
}
