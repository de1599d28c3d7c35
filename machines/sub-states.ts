/**
 * The one vocabulary of a phase's sub-states, and the tags that say what each one means.
 * Everything outside `machines/` that needs to know "where is the session, and what does that
 * mean" asks here: a tag on a live snapshot (`snapshot.hasTag('awaits.approve')`), or, for a
 * saved state, the functions below (`isIterationOpen(state)`, `awaitedBy(state)`, …), which read
 * the same table. Renaming a sub-state here is a type error in every consumer keyed by `SubState`.
 *
 * To add a sub-state: add it to `SUB_STATES` and `SUB_STATE_TAGS`, then build it in
 * `phase-states.ts`; `npm run typecheck` lists every consumer that must decide what it means.
 */
import { INITIAL_PHASE, isPhase, type Phase, type WaitReason } from './phases.js';

/** A phase's sub-states, in the order a viewer lists them. */
export const SUB_STATES = [
  'running',
  'verifying',
  'retrying',
  'suspended',
  'paused',
  'awaitingAnswers',
  'awaitingAction',
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

/** What a waiting session asks a human for: `samocode approve`, answers in `_qa.md`, or an action. */
export const AWAITED = ['approve', 'answers', 'action'] as const;
export type Awaited = (typeof AWAITED)[number];

/**
 * The tags of the session machine:
 * - `exit.*`: a run stops here, with this exit class;
 * - `iteration.open`: the session's current iteration has started and is not counted yet (a
 *   later run goes on with it under the same number: running, waiting to retry, or failed);
 * - `awaits.*`: the session waits for this from a human;
 * - `needs.human`: nothing moves until a human acts (a wait, a block, a failure);
 * - `retry.backoff` / `retry.usageLimit`: the attempt is retried after a backoff or a usage limit;
 * - `verify.running`: samocode checks the agent's `done` with the verify command.
 */
export type WorkflowTag =
  | `exit.${ExitClass}`
  | 'iteration.open'
  | `awaits.${Awaited}`
  | 'needs.human'
  | 'retry.backoff'
  | 'retry.usageLimit'
  | 'verify.running';

/** The tags each sub-state carries (`snapshot.hasTag(...)` on a live actor). */
export const SUB_STATE_TAGS: Readonly<Record<SubState, readonly WorkflowTag[]>> = {
  running: ['iteration.open'],
  verifying: ['verify.running'],
  retrying: ['iteration.open', 'retry.backoff'],
  suspended: ['iteration.open', 'retry.usageLimit'],
  paused: ['exit.paused'],
  awaitingAnswers: ['exit.waiting', 'awaits.answers', 'needs.human'],
  awaitingAction: ['exit.waiting', 'awaits.action', 'needs.human'],
  awaitingApproval: ['exit.waiting', 'awaits.approve', 'needs.human'],
  blocked: ['exit.blocked', 'needs.human'],
  failed: ['exit.failed', 'iteration.open', 'needs.human'],
};

/** The sub-states a human wait parks in: one per thing the human is asked for. */
export type HumanWaitState = 'awaitingAnswers' | 'awaitingAction';

/**
 * Where a wait that is not a phase's approval gate parks the session. A wait that is a gate parks
 * in `awaitingApproval` instead (the registry says which wait is a gate).
 */
export const HUMAN_WAIT_STATE: Readonly<Record<WaitReason, HumanWaitState>> = {
  qa_answers: 'awaitingAnswers',
  human_action: 'awaitingAction',
  plan_approval: 'awaitingAction',
};

export function isSubState(value: unknown): value is SubState {
  return typeof value === 'string' && (SUB_STATES as readonly string[]).includes(value);
}

/** Where a session is: a phase and its sub-state, or `completed`. */
export type StateOf =
  | { readonly phase: Phase; readonly sub: SubState }
  | { readonly phase: Completed; readonly sub?: undefined };

/** Where every session starts. */
export const INITIAL_STATE: StateOf = { phase: INITIAL_PHASE, sub: 'running' };

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

/** The tags of a (saved) state, as a live snapshot in it would carry them; `completed` has none. */
export function tagsOf(state: StateOf): readonly WorkflowTag[] {
  return state.sub === undefined ? [] : SUB_STATE_TAGS[state.sub];
}

export function hasStateTag(state: StateOf, tag: WorkflowTag): boolean {
  return tagsOf(state).includes(tag);
}

/** The exit class of a state, from the same table the machine's tags come from. */
export function exitClassOf(state: StateOf): ExitClass | 'complete' | undefined {
  if (state.sub === undefined) return 'complete';
  return EXIT_CLASSES.find((exitClass) => hasStateTag(state, `exit.${exitClass}`));
}

/** The session's current iteration has started and is not counted in the context yet. */
export function isIterationOpen(state: StateOf): boolean {
  return hasStateTag(state, 'iteration.open');
}

/** What the session waits for from a human; `undefined` when it does not wait. */
export function awaitedBy(state: StateOf): Awaited | undefined {
  return AWAITED.find((awaited) => hasStateTag(state, `awaits.${awaited}`));
}

/** Nothing moves until a human acts: a wait, a block or a failure. */
export function needsHuman(state: StateOf): boolean {
  return hasStateTag(state, 'needs.human');
}

/**
 * A saved state at which a run was stopped from outside (a signal, a crash): a run only stops on
 * its own in a state with an exit class, or when complete.
 */
export function isInterrupted(state: StateOf): boolean {
  return exitClassOf(state) === undefined;
}
