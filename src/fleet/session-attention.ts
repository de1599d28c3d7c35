/**
 * What a session asks of a person, from its state and whether a run holds it. Pure.
 * The one place that reads sub-state names for `ls` and the dashboard.
 */
import { PHASES } from '../../machines/phases.js';
import type { StateOf } from '../../machines/state-value.js';

/** Attention classes in the order `ls` lists them: the ones that need a human first. */
export const ATTENTION = [
  'waiting',
  'blocked',
  'failed',
  'corrupt',
  'interrupted',
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

const KNOWN_SUB_STATES = [
  'running',
  'retrying',
  'suspended',
  'awaitingHuman',
  'awaitingApproval',
  'blocked',
  'failed',
];

/** Why a saved state is not one this samocode knows, or undefined when it is. */
export function findUnknownState(state: StateOf): string | undefined {
  if (state.phase === 'completed' && state.sub === '') return undefined;
  if (!PHASES.some((phase) => phase === state.phase)) return `unknown phase "${state.phase.slice(0, 40)}"`;
  if (!KNOWN_SUB_STATES.includes(state.sub)) return `unknown sub-state "${state.sub.slice(0, 40)}"`;
  return undefined;
}

/** `state` is undefined before the first saved snapshot. */
export function classifyAttention(state: StateOf | undefined, isLive: boolean): Attention {
  if (state === undefined) return isLive ? 'running' : 'new';
  if (state.phase === 'completed') return 'completed';
  switch (state.sub) {
    case 'awaitingHuman':
    case 'awaitingApproval':
      return 'waiting';
    case 'blocked':
      return 'blocked';
    case 'failed':
      return 'failed';
    case 'suspended':
      return 'suspended';
    default:
      // running or retrying: alive with a worker, or stopped mid-iteration without one.
      return isLive ? 'running' : 'interrupted';
  }
}
