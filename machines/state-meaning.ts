/**
 * What a session's state means, asked in one place: is an iteration open, which human gate does it
 * wait at, does it need a human, what is it doing in flight, was its completion only claimed.
 * Everything outside `machines/` asks these questions instead of comparing sub-state names or wait
 * reasons. Pure; answered from the machine's own tags (`SUB_STATE_TAGS` in `sub-states.ts`).
 *
 * @example
 * awaitedGate({ phase: 'planning', sub: 'awaitingApproval' }) // 'approval'
 * isIterationOpen({ phase: 'init', sub: 'failed' }) // true: the failed iteration ran, uncounted
 */
import type { Receipt } from './receipt.js';
import type { RuleId } from './rules.js';
import {
  type Awaited,
  awaitedBy,
  exitClassOf,
  hasStateTag,
  isIterationOpen,
  needsHuman,
  type StateOf,
} from './sub-states.js';

export { exitClassOf, isIterationOpen, needsHuman };

/** The human gates a session can wait at: answers in `_qa.md`, the plan approval, an action by hand. */
export const GATES = ['answers', 'approval', 'action'] as const;
export type Gate = (typeof GATES)[number];

/** Every kind of human gate: the waits above, and a budget block that a grant lifts. */
export const GATE_KINDS = ['approval', 'answers', 'action', 'grant'] as const;
export type GateKind = (typeof GATE_KINDS)[number];

/** The blocks a human lifts with a grant: an iteration budget spent, or a spend cap reached. */
export const GRANT_RULES: readonly RuleId[] = ['budget-exhausted', 'spend-exhausted'];

/** The block is one a grant lifts. */
export function isGrantBlock(block: { readonly rule: string } | undefined): boolean {
  return block !== undefined && GRANT_RULES.some((rule) => rule === block.rule);
}

/** Which gate each thing the machine awaits is. */
const GATE_OF_AWAITED: Readonly<Record<Awaited, Gate>> = {
  answers: 'answers',
  approve: 'approval',
  action: 'action',
};

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

/** What the session does while in flight; `undefined` when it is parked or complete. */
export function activityOf(state: StateOf): Activity | undefined {
  if (!isInFlight(state) || state.sub === undefined) return undefined;
  if (hasStateTag(state, 'verify.running')) return 'verify';
  if (hasStateTag(state, 'retry.backoff')) return 'backoff';
  if (hasStateTag(state, 'retry.usageLimit')) return 'limit';
  return 'attempt';
}

/** Which human gate the session waits at, if any. */
export function awaitedGate(state: StateOf): Gate | undefined {
  const awaited = awaitedBy(state);
  return awaited === undefined ? undefined : GATE_OF_AWAITED[awaited];
}

/**
 * Which human gate a session parked here is at: a wait, or a block a grant lifts (`block` is the
 * context's `blocked`). `undefined` when no human decision moves it on.
 */
export function gateKindOf(
  state: StateOf,
  block: { readonly rule: string } | undefined,
): GateKind | undefined {
  const awaited = awaitedGate(state);
  if (awaited !== undefined) return awaited;
  return exitClassOf(state) === 'blocked' && isGrantBlock(block) ? 'grant' : undefined;
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
