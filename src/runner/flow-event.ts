/** The `(…)` part of a samocode Flow Log line: the event, and what a reader needs to tell lines apart. Pure. */
import type { WorkflowEvent } from '../../machines/events.js';
import { exitClassOf, hasStateTag, type StateOf } from '../../machines/sub-states.js';
import type { WorkflowContext } from '../../machines/workflow.js';
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
}

/**
 * @example
 * // a crash retried: 'agent.failed: attempt 1 of 3 failed (crash); retrying as attempt 2 of 3'
 * // the gate crossed by --auto-approve: 'signal.waiting: plan auto-approved'
 */
export function describeFlowEvent(input: FlowEventInput): string {
  const { event, before, after } = input;
  if (exitClassOf(after.state) === 'complete') return `${event.type}: ${input.completion()}`;
  if (input.switched) return `${event.type}: ${input.switched}`;
  if (hasStateTag(after.state, 'retry.backoff')) {
    const retry = describeRetry(event, before.attempt, input.maxAttempts, false);
    if (retry) return `${event.type}: ${retry}`;
  }
  if (exitClassOf(after.state) === 'failed' && event.type === 'agent.failed')
    return `${event.type}: ${renderAttempt(before.attempt, input.maxAttempts)} failed (${event.outcome})`;
  if (after.context.autoApproved === true && before.autoApproved !== true)
    return `${event.type}: plan auto-approved`;
  return event.type;
}
