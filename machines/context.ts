/**
 * What the session machine remembers between events, as one zod schema: the machine's context
 * type, the `_state.json` check and every reader of a saved context (status, notifications)
 * come from it. To add a field: declare it in `WorkflowContextSchema`, give it a start value in
 * `initialContext` (or make it optional), and set it with an action in `workflow-setup.ts`.
 */
import { z } from 'zod';
import { emptySpendBook, NO_GRANT } from './budget.js';
import { PROVIDER_ROLES } from './fallback.js';
import { BLOCK_NEEDS, mapPhases, PHASES, type Phase, WAIT_REASONS } from './phases.js';
import { ReceiptSchema } from './receipt.js';
import { RULE_IDS } from './rules.js';

const count = z.number().int().nonnegative();
const amount = z.number().nonnegative();

const SpendSchema = z.object({ costUsd: amount, tokens: amount, ms: amount });
const SpendBookSchema = z.object({
  session: SpendSchema,
  phases: z.record(z.enum(PHASES), SpendSchema),
  largest: SpendSchema,
  isEstimated: z.boolean(),
});
const ProgressTrackSchema = z.object({ key: z.string(), streak: count });
const perPhase = z.record(z.enum(PHASES), count);

/** Why the session stopped in `blocked`: an agent's own report, or a rule samocode enforced. */
export const BlockSchema = z.object({
  rule: z.enum([...RULE_IDS, 'agent']),
  reason: z.string(),
  needs: z.enum(BLOCK_NEEDS),
});

export const FAILURE_KINDS = ['transient', 'fatal'] as const;

export const FailureSchema = z.object({
  /** The provider outcome class (e.g. `rate_limited`, `auth`). */
  outcome: z.string(),
  kind: z.enum(FAILURE_KINDS),
  message: z.string(),
});

export const WorkflowContextSchema = z.object({
  /** Iterations spent per phase over the whole session. */
  iterations: perPhase,
  /** Extra iterations a human granted per phase by resuming after a budget block. */
  allowance: perPhase,
  totalIterations: count,
  /** Attempt within the current iteration (1-based). */
  attempt: z.number().int().positive(),
  /** The agent was already reminded to write a signal in this iteration. */
  reminded: z.boolean(),
  /** Where an approval at the gate moves the session. */
  pendingTarget: z.enum(PHASES).optional(),
  blocked: BlockSchema.optional(),
  waiting: z.object({ for: z.enum(WAIT_REASONS), summary: z.string().optional() }).optional(),
  failure: FailureSchema.optional(),
  suspension: z
    .object({ waitMs: z.number().nonnegative(), resetsAt: z.string().optional(), message: z.string() })
    .optional(),
  /** Usage limits since the last finished iteration or human resume (absent = 0). */
  limitsInARow: count.optional(),
  autoApproved: z.boolean().optional(),
  /** The agent's summary of a completed session. */
  summary: z.string().optional(),
  /** Cost, tokens and provider time spent per session and phase; persisted, so restarts keep it (older states start empty). */
  spend: SpendBookSchema.default(emptySpendBook),
  /** What humans added to the spend caps (`run --grant`), per kind. */
  granted: SpendSchema.default(NO_GRANT),
  /** Iterations in a row that ended with the same worktree and signal. */
  progress: ProgressTrackSchema.optional(),
  /** samocode's own check of the work at completion (only when a verify command is configured). */
  receipt: ReceiptSchema.optional(),
  /** The last failed verification, shown to the next iteration's agent; cleared when it has run. */
  verifyFailure: ReceiptSchema.optional(),
  /** The provider the current (or last) attempt runs on; absent = the primary. */
  provider: z.enum(PROVIDER_ROLES).optional(),
  /** When the primary's usage limit resets (epoch ms), while attempts run on the fallback provider. */
  fallbackUntil: z.number().nonnegative().optional(),
});

export type WorkflowContext = Readonly<z.infer<typeof WorkflowContextSchema>>;
export type Block = z.infer<typeof BlockSchema>;
export type Failure = z.infer<typeof FailureSchema>;

const zeroes = (): Record<Phase, number> => mapPhases(() => 0);

export function initialContext(): WorkflowContext {
  return {
    iterations: zeroes(),
    allowance: zeroes(),
    totalIterations: 0,
    attempt: 1,
    reminded: false,
    spend: emptySpendBook(),
    granted: NO_GRANT,
  };
}

/** Iterations `phase` may still spend before it blocks. */
export function remainingBudget(
  context: WorkflowContext,
  phase: Phase,
  budgets: Readonly<Record<Phase, number>>,
): number {
  return budgets[phase] + context.allowance[phase] - context.iterations[phase];
}
