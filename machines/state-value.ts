/** Reads a machine state value (`'completed'` or `{ phase: subState }`) as plain strings. Pure. */

export interface StateOf {
  /** The phase, or `completed`. */
  readonly phase: string;
  /** The sub-state (`running`, `blocked`, …), or '' for `completed`. */
  readonly sub: string;
}

export function toStateOf(value: unknown): StateOf {
  if (typeof value === 'string') return { phase: value, sub: '' };
  if (value !== null && typeof value === 'object') {
    const [entry] = Object.entries(value);
    if (entry) return { phase: entry[0], sub: typeof entry[1] === 'string' ? entry[1] : '' };
  }
  return { phase: String(value), sub: '' };
}

export function renderState(state: StateOf): string {
  return state.sub ? `${state.phase}.${state.sub}` : state.phase;
}

/** Sub-states a later run must `resume` out of. */
export const RESUMABLE_SUB_STATES: readonly string[] = [
  'awaitingHuman',
  'blocked',
  'failed',
  'retrying',
  'suspended',
];
