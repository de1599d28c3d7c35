/**
 * The one vocabulary of a phase's sub-states, and the tags that classify them. Everything
 * outside `machines/` that needs to know "where is the session" reads it from here: a typed
 * state (`StateOf`) or a tag on the snapshot (`snapshot.hasTag('exit.waiting')`). Renaming a
 * sub-state here is a type error in every consumer keyed by `SubState`.
 *
 * To add a sub-state: add it to `SUB_STATES` and `SUB_STATE_TAGS`, then give it a builder in
 * `phase-states.ts`; `npm run typecheck` lists every consumer that must decide what it means.
 */
import { isPhase, type Phase } from './phases.js';

/** A phase's sub-states, in the order a viewer lists them. */
export const SUB_STATES = [
  'running',
  'verifying',
  'retrying',
  'suspended',
  'paused',
  'awaitingHuman',
  'awaitingApproval',
  'blocked',
  'failed',
] as const;
export type SubState = (typeof SUB_STATES)[number];

/** The final top-level state the terminal phase's `done` leads to. */
export const COMPLETED = 'completed';
export type Completed = typeof COMPLETED;

/**
 * Why a run stops in a parked sub-state: the process exit code is a lookup on this class.
 * `paused` is the stop `--once` makes after one iteration (exit 0).
 */
export const EXIT_CLASSES = ['waiting', 'blocked', 'failed', 'paused'] as const;
export type ExitClass = (typeof EXIT_CLASSES)[number];

export type WorkflowTag = `exit.${ExitClass}`;

/** The tags each sub-state carries (`snapshot.hasTag(...)` on a live actor). */
export const SUB_STATE_TAGS: Readonly<Record<SubState, readonly WorkflowTag[]>> = {
  running: [],
  verifying: [],
  retrying: [],
  suspended: [],
  paused: ['exit.paused'],
  awaitingHuman: ['exit.waiting'],
  awaitingApproval: ['exit.waiting'],
  blocked: ['exit.blocked'],
  failed: ['exit.failed'],
};

export function isSubState(value: unknown): value is SubState {
  return typeof value === 'string' && (SUB_STATES as readonly string[]).includes(value);
}

/** Where a session is: a phase and its sub-state, or `completed`. */
export type StateOf =
  | { readonly phase: Phase; readonly sub: SubState }
  | { readonly phase: Completed; readonly sub?: undefined };

/** Reads a machine state value (`{ planning: 'awaitingApproval' }`, `'completed'`); `undefined` if unknown. */
export function toStateOf(value: unknown): StateOf | undefined {
  if (value === COMPLETED) return { phase: COMPLETED };
  if (value === null || typeof value !== 'object') return undefined;
  const entries = Object.entries(value);
  const [entry] = entries;
  if (entries.length !== 1 || !entry) return undefined;
  const [phase, sub] = entry;
  return isPhase(phase) && isSubState(sub) ? { phase, sub } : undefined;
}

/** The state of a live machine's value, which is always known; throws on a foreign value. */
export function stateOfValue(value: unknown): StateOf {
  const state = toStateOf(value);
  if (state === undefined) throw new Error(`not a session machine state: ${JSON.stringify(value)}`);
  return state;
}

export function renderState(state: StateOf): string {
  return state.sub === undefined ? state.phase : `${state.phase}.${state.sub}`;
}

/** Any state value as text, known or not (for messages about a state this samocode does not know). */
export function renderStateValue(value: unknown): string {
  const state = toStateOf(value);
  if (state) return renderState(state);
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') {
    const [entry] = Object.entries(value);
    if (entry) return `${entry[0]}.${typeof entry[1] === 'string' ? entry[1] : JSON.stringify(entry[1])}`;
  }
  return JSON.stringify(value) ?? String(value);
}

/** The exit class of a state, from the same table the machine's tags come from. */
export function exitClassOf(state: StateOf): ExitClass | 'complete' | undefined {
  if (state.sub === undefined) return 'complete';
  const tag = SUB_STATE_TAGS[state.sub].find((candidate) => candidate.startsWith('exit.'));
  return EXIT_CLASSES.find((exitClass) => tag === `exit.${exitClass}`);
}
