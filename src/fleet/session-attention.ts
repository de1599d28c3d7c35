/**
 * What a session asks of a person, from its state and whether a run holds it. Pure.
 * Parked states are classified by the machine's own exit tags (`exitClassOf`); only the
 * active sub-states need to know whether a worker is alive.
 */
import { exitClassOf, type StateOf } from '../../machines/sub-states.js';

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

const NEEDS_HUMAN: ReadonlySet<Attention> = new Set([
  'waiting',
  'blocked',
  'failed',
  'corrupt',
  'interrupted',
]);

export function needsHuman(attention: Attention): boolean {
  return NEEDS_HUMAN.has(attention);
}

/** `state` is undefined before the first saved snapshot. */
export function classifyAttention(state: StateOf | undefined, isLive: boolean): Attention {
  if (state === undefined) return isLive ? 'running' : 'new';
  const exitClass = exitClassOf(state);
  if (exitClass === 'complete') return 'completed';
  if (exitClass !== undefined) return exitClass;
  if (state.sub === 'suspended') return 'suspended';
  // running or retrying: alive with a worker, or stopped mid-iteration without one.
  return isLive ? 'running' : 'interrupted';
}
