/**
 * One escalation before a block: with an escalation model configured, an iteration that would end
 * the session blocked or failed for a reason a stronger model could change is run once more, as a
 * new iteration of the same phase, on that model, with the reason in its prompt. At most once per
 * phase visit (a visit ends when the session moves to another phase); the escalated iteration is
 * an ordinary one for the budgets, the spend caps and the no-progress rule. Pure; the moves that
 * use it are in `attempt-policy.ts` (section "Escalation").
 *
 * | cause      | what would have happened                                   | where              |
 * |------------|------------------------------------------------------------|--------------------|
 * | `blocked`  | the agent's own `blocked` with `needs: error_resolution`   | implementation, testing |
 * | `no-signal`| blocked: no `_signal.json` after the reminder               | every phase        |
 * | `failed`   | failed: every attempt ran out of time or turns, or stalled | every phase        |
 * | `verify`   | back to testing after samocode's verify command failed      | the verify return phase |
 *
 * @example
 * explainEscalation('blocked', { type: 'signal.blocked', reason: 'flaky build', needs: 'error_resolution' })
 * // "the agent blocked: flaky build"
 */
import * as z from 'zod';
import type { WorkflowEvent } from './events.js';
import type { BlockNeed, Phase } from './phases.js';

export const ESCALATION_CAUSES = ['blocked', 'no-signal', 'failed', 'verify'] as const;
export type EscalationCause = (typeof ESCALATION_CAUSES)[number];

/** Why the current iteration runs on the escalation model (kept in the context, shown in the prompt). */
export const EscalationSchema = z.object({
  cause: z.enum(ESCALATION_CAUSES),
  /** The reason in plain words, as the escalated prompt and the history row carry it. */
  reason: z.string(),
});
export type Escalation = z.infer<typeof EscalationSchema>;

/** The phases whose agent's own `blocked` is escalated: they write and test the code. */
export const ESCALATING_PHASES: readonly Phase[] = ['implementation', 'testing'];

/** A block the agent could lift itself with more skill; a decision, a clarification or the environment needs a human. */
export const ESCALATING_NEEDS: readonly BlockNeed[] = ['error_resolution'];

/**
 * Provider outcomes (the provider actor's classes) that a stronger model could change: the
 * attempt ran out of time or turns, or went quiet. A rate limit, an overload or a crash of the CLI
 * would fail the stronger model too.
 */
export const MODEL_BOUND_OUTCOMES: readonly string[] = ['timeout', 'max_turns', 'stalled'];

/** Which model an attempt runs on: the phase's (or the provider's default), or the escalation model. */
export const MODEL_CHOICES = ['phase', 'escalation'] as const;
export type ModelChoice = (typeof MODEL_CHOICES)[number];

/** The event says something a stronger model could change: an `error_resolution` block, or a model-bound failure. */
export function isModelBound(event: WorkflowEvent): boolean {
  if (event.type === 'signal.blocked') return ESCALATING_NEEDS.includes(event.needs);
  if (event.type === 'agent.failed')
    return event.kind === 'transient' && MODEL_BOUND_OUTCOMES.includes(event.outcome);
  return false;
}

/** The reason an escalation gives the stronger model, from the event that would have stopped the session. */
export function explainEscalation(cause: EscalationCause, event: WorkflowEvent): string {
  switch (cause) {
    case 'blocked':
      return `the agent blocked: ${event.type === 'signal.blocked' ? event.reason : 'no reason given'}`;
    case 'no-signal':
      return 'the agent ended its attempts without writing _signal.json, the last one with a reminder';
    case 'failed':
      return `every attempt failed (${event.type === 'agent.failed' ? `${event.outcome}: ${event.message}` : 'no detail'})`;
    case 'verify':
      return `samocode's check failed after the agent's done${event.type === 'verify.failed' ? `: \`${event.receipt.command ?? ''}\` ${event.receipt.timedOut ? 'timed out' : `exited ${event.receipt.exitCode ?? 'by a signal'}`}` : ''}`;
  }
}
