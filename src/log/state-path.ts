/** A machine state value (`{planning: 'awaitingApproval'}`, `'completed'`) as a phase and sub-state. */
import { isPhase, type Phase } from '../../machines/phases.js';
import { toStateOf } from '../../machines/state-value.js';

export interface StatePath {
  /** The phase, or undefined for the final `completed` state. */
  readonly phase?: Phase;
  /** The sub-state (`running`, `blocked` …) or the top-level state name. */
  readonly sub: string;
}

export function toStatePath(value: unknown): StatePath | undefined {
  if (typeof value === 'string') return { sub: value };
  const state = toStateOf(value);
  return isPhase(state.phase) && state.sub !== '' ? { phase: state.phase, sub: state.sub } : undefined;
}

export function renderStatePath(value: unknown): string {
  const path = toStatePath(value);
  if (path === undefined) return JSON.stringify(value) ?? 'unknown';
  return path.phase === undefined ? path.sub : `${path.phase}.${path.sub}`;
}
