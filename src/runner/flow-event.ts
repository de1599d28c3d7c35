/**
 * The `(…)` part of a samocode Flow Log line, in plain words: what happened, and what a reader
 * needs to tell lines apart (which attempt failed, until when a usage limit waits, how a check
 * failed and where its output is, why the session blocked). The machine's event names stay in
 * the logs. Pure.
 */
import type { WorkflowEvent, WorkflowEventType } from '../../machines/events.js';
import { activityOf, awaitedGate, exitClassOf, type Gate } from '../../machines/state-meaning.js';
import type { StateOf } from '../../machines/sub-states.js';
import type { WorkflowContext } from '../../machines/workflow.js';
import {
  describeFailedCheck,
  renderEscalationStart,
  renderLimitWait,
  startedEscalation,
} from '../view/transition-words.js';
import { NEED_WORDS, withoutRulePrefix } from '../view/view-words.js';
import { describeRetry, renderAttempt } from './retry-text.js';

export interface FlowEventInput {
  readonly event: WorkflowEvent;
  readonly before: WorkflowContext;
  readonly after: { readonly state: StateOf; readonly context: WorkflowContext };
  readonly maxAttempts: number;
  /** How a completion stands (verified, or only claimed); asked only for a move to `completed`. */
  readonly completion: () => string;
  /** Attempts moved between the primary and the fallback provider: the line that says so. */
  readonly switched?: string | undefined;
  /** The clock a usage-limit wait is said against (epoch ms). */
  readonly now: number;
  /** The escalation model's name, for the line of an escalation. */
  readonly escalationModel?: string;
}

/** What each event is, in a word or two. */
const EVENT_WORDS: Readonly<Record<WorkflowEventType, (event: WorkflowEvent) => string>> = {
  'signal.continue': (event) =>
    event.type === 'signal.continue' && event.target ? `continue to ${event.target}` : 'continue',
  'signal.done': () => 'done',
  'signal.blocked': (event) =>
    event.type === 'signal.blocked' ? `the agent needs ${NEED_WORDS[event.needs]}` : 'blocked',
  'signal.waiting': () => 'waiting',
  'signal.invalid': () => 'invalid _signal.json',
  'agent.noSignal': () => 'no _signal.json',
  'agent.failed': () => 'the attempt failed',
  'agent.limited': () => 'usage limit',
  approve: () => 'plan approved',
  resume: () => 'run again',
  'verify.passed': () => "samocode's check passed",
  'verify.failed': () => "samocode's check failed",
};

const GATE_FLOW_WORDS: Readonly<Record<Gate, string>> = {
  answers: 'the questions in _qa.md wait for answers',
  approval: 'the plan waits for approval',
  action: 'an action by hand is needed',
};

/** What the move led to, when the event alone does not say it. */
function consequenceOf(input: FlowEventInput): string | undefined {
  const { after, event } = input;
  const exitClass = exitClassOf(after.state);
  const block = after.context.blocked;
  if (exitClass === 'blocked' && block !== undefined && block.rule !== 'agent')
    return `blocked: ${withoutRulePrefix(block.rule, block.reason)}`;
  if (exitClass === 'paused') return 'paused after one iteration (--once)';
  if (exitClass === 'failed' && after.context.failure) return `failed: ${after.context.failure.message}`;
  const gate = awaitedGate(after.state);
  if (gate !== undefined) return GATE_FLOW_WORDS[gate];
  if (activityOf(after.state) === 'limit' && after.context.suspension)
    return `waiting ${renderLimitWait(after.context.suspension, input.now)}`;
  const escalation = startedEscalation(event, after.state, after.context);
  if (escalation) return renderEscalationStart(escalation, input.escalationModel);
  if (event.type === 'verify.failed') {
    const failure = describeFailedCheck(event.receipt);
    return `${failure ?? 'it failed'}; back to ${after.state.phase}`;
  }
  return undefined;
}

/**
 * @example
 * // a crash retried: 'attempt 1 of 3 failed (crash); retrying as attempt 2 of 3'
 * // the gate crossed by --auto-approve: 'plan auto-approved'
 * // a failed check: "samocode's check failed: `npm test` exited 1 after 2.1 s; its output is in …/007-verify.log; back to testing"
 */
export function describeFlowEvent(input: FlowEventInput): string {
  const { event, before, after } = input;
  if (exitClassOf(after.state) === 'complete') return input.completion();
  if (input.switched) return input.switched;
  if (activityOf(after.state) === 'backoff') {
    const retry = describeRetry(event, before.attempt, input.maxAttempts, false);
    if (retry) return retry;
  }
  if (exitClassOf(after.state) === 'failed' && event.type === 'agent.failed')
    return `${renderAttempt(before.attempt, input.maxAttempts)} failed (${event.outcome})`;
  if (after.context.autoApproved === true && before.autoApproved !== true) return 'plan auto-approved';
  const words = EVENT_WORDS[event.type](event);
  const consequence = consequenceOf(input);
  return consequence === undefined ? words : `${words}: ${consequence}`;
}
