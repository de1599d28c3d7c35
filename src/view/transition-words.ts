/**
 * The words for a usage-limit wait and a failed check, shared by the session view, the Flow Log
 * and the console line of the transition, so all three say the same. Pure.
 */
import type { WorkflowContext } from '../../machines/context.js';
import type { Escalation } from '../../machines/escalation.js';
import type { WorkflowEvent, WorkflowEventType } from '../../machines/events.js';
import { TERMINAL_PHASE } from '../../machines/phases.js';
import type { Receipt } from '../../machines/receipt.js';
import { activityOf, exitClassOf } from '../../machines/state-meaning.js';
import { type StateOf, toStateOf } from '../../machines/sub-states.js';
import { lastFailedCheck, renderCheckFailure } from './last-check.js';
import { renderClock, renderDuration } from './view-words.js';

/** A usage-limit wait as the machine records it. */
export interface LimitWait {
  readonly waitMs: number;
  readonly resetsAt?: string | undefined;
}

/** `until 2026-11-24 17:05 UTC (2 h 5 min from now)`, or `for up to 15 min` without a reset time. */
export function renderLimitWait(wait: LimitWait, now: number): string {
  if (wait.resetsAt !== undefined)
    return `until ${renderClock(wait.resetsAt)} (${renderDuration(Date.parse(wait.resetsAt) - now)} from now)`;
  return `for up to ${renderDuration(wait.waitMs)}`;
}

/** The failure line of a check's receipt, or undefined when it passed. */
export function describeFailedCheck(receipt: Receipt): string | undefined {
  const check = lastFailedCheck(receipt);
  return check === undefined ? undefined : renderCheckFailure(check);
}

/** The events after which the machine may escalate instead of stopping. */
const ESCALATING_EVENTS: ReadonlySet<WorkflowEventType> = new Set<WorkflowEventType>([
  'signal.blocked',
  'agent.noSignal',
  'agent.failed',
  'verify.failed',
]);

/**
 * The escalation this transition started, if it started one: a stop the machine turned into one
 * more iteration on the escalation model (it runs now, or after `--once`'s pause).
 */
export function startedEscalation(
  event: WorkflowEvent,
  state: StateOf,
  context: Pick<WorkflowContext, 'escalation'>,
): Escalation | undefined {
  // The escalated iteration runs now, or after `--once`'s pause.
  const isNext = activityOf(state) === 'attempt' || exitClassOf(state) === 'paused';
  return isNext && ESCALATING_EVENTS.has(event.type) ? context.escalation : undefined;
}

/** `testing: escalating once to opus: the agent blocked: …`, the words of the console and the Flow Log. */
export function renderEscalationStart(escalation: Escalation, model: string | undefined): string {
  return `escalating once${model ? ` to ${model}` : ' to the escalation model'}: ${escalation.reason}`;
}

/** One transition, as an observer sees it. */
export interface TransitionSeen {
  readonly event: WorkflowEvent;
  readonly before: { readonly value: unknown };
  readonly after: { readonly value: unknown; readonly context: WorkflowContext };
}

/**
 * The console line for a transition whose cause would otherwise be only in `session.log`: a
 * usage-limit wait (until when, for how long) and a failed check (the command, its exit, its log).
 *
 * @example
 * // 'implementation: waiting out a usage limit until 2026-12-07 17:05 UTC (2 h 5 min from now); it continues by itself'
 */
export function describeTransitionCause(
  seen: TransitionSeen,
  now: number,
  escalationModel?: string,
): string | undefined {
  const after = toStateOf(seen.after.value);
  if (after === undefined) return undefined;
  const { context } = seen.after;
  const phase = after.sub === undefined ? TERMINAL_PHASE : after.phase;
  const escalation = startedEscalation(seen.event, after, context);
  if (escalation) {
    const next = exitClassOf(after) === 'paused' ? '; it runs when the session is continued' : '';
    return `${phase}: ${renderEscalationStart(escalation, escalationModel)}${next}`;
  }
  if (seen.event.type === 'verify.failed') {
    const failure = describeFailedCheck(seen.event.receipt);
    return `${TERMINAL_PHASE}: samocode's check of the agent's done failed: ${failure ?? 'it did not pass'}; back to ${phase}`;
  }
  if (seen.event.type === 'agent.limited' && activityOf(after) === 'limit' && context.suspension) {
    return `${phase}: waiting out a usage limit ${renderLimitWait(context.suspension, now)}; it continues by itself (${context.suspension.message})`;
  }
  return undefined;
}
