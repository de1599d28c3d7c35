/**
 * What a session's state means, asked in one place: is an iteration open, which human gate does it
 * wait at, does it need a human, how does a run that stops here exit, was its completion only
 * claimed. Everything outside `machines/` asks these questions instead of comparing sub-state
 * names or wait reasons. Read-only and pure; answered from `SUB_STATE_TAGS` and the context.
 *
 * @example
 * awaitedGate({ phase: 'planning', sub: 'awaitingApproval' }, {}) // 'approval'
 * isIterationOpen({ phase: 'init', sub: 'failed' }) // true: the failed iteration ran, uncounted
 */
import type { WaitReason } from './phases.js';
import type { Receipt } from './receipt.js';
import { type ExitClass, exitClassOf, type StateOf, type SubState } from './sub-states.js';

export { exitClassOf };

/** The human gates a session can wait at: answers in `_qa.md`, the plan approval, an action by hand. */
export const GATES = ['answers', 'approval', 'action'] as const;
export type Gate = (typeof GATES)[number];

/** Which gate each wait reason is. */
export const GATE_OF_WAIT: Readonly<Record<WaitReason, Gate>> = {
  qa_answers: 'answers',
  plan_approval: 'approval',
  human_action: 'action',
};

/**
 * Sub-states in which the iteration after the last counted one has started and is not counted
 * yet: the machine counts an iteration when it ends with a signal, but a running, retrying,
 * suspended or failed one has run (its history row and log files say so).
 */
const OPEN_ITERATION: Readonly<Record<SubState, boolean>> = {
  running: true,
  retrying: true,
  suspended: true,
  failed: true,
  verifying: false,
  paused: false,
  awaitingHuman: false,
  awaitingApproval: false,
  blocked: false,
};

/** Only `approve` moves a session out of these; any other wait ends with `run`. */
const AWAITS_APPROVAL: Readonly<Record<SubState, boolean>> = {
  running: false,
  verifying: false,
  retrying: false,
  suspended: false,
  paused: false,
  awaitingHuman: false,
  awaitingApproval: true,
  blocked: false,
  failed: false,
};

/** Stop classes a person must act on before the session can move again. */
const HUMAN_EXITS: Readonly<Record<ExitClass, boolean>> = {
  waiting: true,
  blocked: true,
  failed: true,
  paused: false,
};

/** An iteration has started and is not counted by the machine yet (it counts in every display). */
export function isIterationOpen(state: StateOf): boolean {
  return state.sub !== undefined && OPEN_ITERATION[state.sub];
}

/**
 * The state is one a run only passes through (running, verifying, retrying, waiting out a usage
 * limit): a session left in it without a live run was stopped mid-way.
 */
export function isInFlight(state: StateOf): boolean {
  return exitClassOf(state) === undefined;
}

/** What a session in flight is doing: running a provider attempt, waiting to retry one, waiting out a usage limit, or checking a `done`. */
export const ACTIVITIES = ['attempt', 'backoff', 'limit', 'verify'] as const;
export type Activity = (typeof ACTIVITIES)[number];

const ACTIVITY_OF: Readonly<Record<SubState, Activity | undefined>> = {
  running: 'attempt',
  verifying: 'verify',
  retrying: 'backoff',
  suspended: 'limit',
  paused: undefined,
  awaitingHuman: undefined,
  awaitingApproval: undefined,
  blocked: undefined,
  failed: undefined,
};

/** What the session does while in flight; `undefined` when it is parked or complete. */
export function activityOf(state: StateOf): Activity | undefined {
  return state.sub === undefined ? undefined : ACTIVITY_OF[state.sub];
}

/** Which human gate the session waits at, if any. */
export function awaitedGate(
  state: StateOf,
  context: { readonly waiting?: { readonly for: WaitReason } | undefined },
): Gate | undefined {
  if (state.sub === undefined || exitClassOf(state) !== 'waiting') return undefined;
  if (AWAITS_APPROVAL[state.sub]) return 'approval';
  return context.waiting === undefined ? 'action' : GATE_OF_WAIT[context.waiting.for];
}

/** A person must act (answer, approve, fix, decide) before the session moves again. */
export function needsHuman(state: StateOf): boolean {
  const exitClass = exitClassOf(state);
  return exitClass !== undefined && exitClass !== 'complete' && HUMAN_EXITS[exitClass];
}

/** The session is complete but samocode did not check it: no verify command ran on its `done`. */
export function isCompletionClaimed(
  state: StateOf,
  context: { readonly receipt?: Pick<Receipt, 'command'> | undefined },
): boolean {
  return (
    exitClassOf(state) === 'complete' && (context.receipt === undefined || context.receipt.command === null)
  );
}
