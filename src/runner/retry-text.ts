/** Why an iteration is being retried, in the words the console and the Flow Log share. Pure. */
import type { WorkflowEvent } from '../../machines/events.js';

/** `attempt 1 of 3` (or `attempt 1` when the limit is not known). */
export function renderAttempt(attempt: number, maxAttempts: number | undefined): string {
  return maxAttempts === undefined ? `attempt ${attempt}` : `attempt ${attempt} of ${maxAttempts}`;
}

/**
 * What ended the attempt the machine retries, or undefined for an event that is not a retry.
 * `withMessage` adds the provider's message (the console has room for it; the Flow Log does not).
 *
 * @example
 * describeRetry({ type: 'agent.failed', kind: 'transient', outcome: 'crash', message: 'exit 1' }, 1, 3, true)
 * // 'attempt 1 of 3 failed (crash: exit 1); retrying as attempt 2 of 3'
 */
export function describeRetry(
  event: WorkflowEvent,
  attempt: number,
  maxAttempts: number | undefined,
  withMessage: boolean,
): string | undefined {
  const next = `retrying as ${renderAttempt(attempt + 1, maxAttempts)}`;
  switch (event.type) {
    case 'agent.failed':
      return `${renderAttempt(attempt, maxAttempts)} failed (${event.outcome}${withMessage ? `: ${event.message}` : ''}); ${next}`;
    case 'agent.noSignal':
      return `${renderAttempt(attempt, maxAttempts)} ended without writing _signal.json; ${next} with a reminder`;
    default:
      return undefined;
  }
}
