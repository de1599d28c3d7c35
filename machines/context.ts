/**
 * What the session machine remembers between events, as one zod schema: the machine's context
 * type, the `_state.json` check (`RestoredContextSchema`) and every reader of a saved context
 * (`SavedContextSchema`: status, ls, plan, notifications, the log) come from it. To add a field:
 * declare it in `WorkflowContextSchema`, give it a start value in `initialContext` (or make it
 * optional), and set it with an action in `workflow-setup.ts`.
 */
import * as z from 'zod';
import { emptySpendBook, NO_GRANT } from './budget.js';
import { EscalationSchema } from './escalation.js';
import { PROVIDER_ROLES } from './fallback.js';
import { BLOCK_NEEDS, mapPhases, PHASES, type Phase, WAIT_REASONS } from './phases.js';
import { ReceiptSchema } from './receipt.js';
import { RULE_IDS } from './rules.js';

const count = z.number().int().nonnegative();
/** Spend as stored; a negative one (an impossible figure an older samocode added) reads as 0. */
const amount = z.number().transform((value) => Math.max(value, 0));

const SpendSchema = z.object({ costUsd: amount, tokens: amount, ms: amount });
const SpendBookSchema = z.object({
  session: SpendSchema,
  phases: z.record(z.enum(PHASES), SpendSchema),
  largest: SpendSchema,
  isEstimated: z.boolean(),
});
const ProgressTrackSchema = z.object({ key: z.string(), phase: z.enum(PHASES).optional(), streak: count });
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
  /** Iterations in a row of one phase that ended with the same progress mark. */
  progress: ProgressTrackSchema.optional(),
  /** When the last attempt ended (epoch ms): the time a timer's event (a retry, a usage-limit wait) happens after. */
  attemptEndedAt: z.number().nonnegative().optional(),
  /** samocode's own check of the work at completion (only when a verify command is configured). */
  receipt: ReceiptSchema.optional(),
  /** The last failed verification, shown to the next iteration's agent; cleared when it has run. */
  verifyFailure: ReceiptSchema.optional(),
  /**
   * The human gates opened so far: `seq` numbers the latest one (the `g<seq>` of its id; never
   * reused), `openedAt` is when it opened (epoch ms, from the event that parked the session).
   */
  gate: z
    .object({ seq: z.number().int().positive(), openedAt: z.number().nonnegative().optional() })
    .optional(),
  /** Why a human rejected the plan: the next iteration's agent reads it; cleared once that iteration ends. */
  rejection: z.string().optional(),
  /** The provider the current (or last) attempt runs on; absent = the primary. */
  provider: z.enum(PROVIDER_ROLES).optional(),
  /** When the primary's usage limit resets (epoch ms), while attempts run on the fallback provider. */
  fallbackUntil: z.number().nonnegative().optional(),
  /** The open iteration runs on the escalation model, and why (`escalation.ts`). */
  escalation: EscalationSchema.optional(),
  /** The phase whose current visit has used its one escalation; cleared when the session moves to another phase. */
  escalatedIn: z.enum(PHASES).optional(),
});

export type WorkflowContext = Readonly<z.infer<typeof WorkflowContextSchema>>;

/**
 * What a restore needs at once, checked before xstate sees `_state.json`: the counters the first
 * guard reads, and the spend book the budget guard adds to. Other fields pass through; fields a newer samocode added start at `initialContext`.
 */
export const RestoredContextSchema = WorkflowContextSchema.pick({
  iterations: true,
  allowance: true,
  totalIterations: true,
  attempt: true,
})
  // Parsed too, so a negative amount an older samocode stored is 0 before a guard adds to it.
  .extend({ spend: SpendBookSchema.optional() })
  .loose();

type WithoutDefault<Field> = Field extends z.ZodDefault<infer Inner> ? Inner : Field;
type Lenient<Shape extends z.ZodRawShape> = {
  [Key in keyof Shape]: z.ZodCatch<z.ZodOptional<WithoutDefault<Shape[Key]>>>;
};

/** Every field optional, and one that does not match its declaration read as absent. */
function lenient<Shape extends z.ZodRawShape>(shape: Shape): Lenient<Shape> {
  const fields = Object.entries(shape).map(([key, field]) => {
    const declared = field instanceof z.ZodDefault ? field.unwrap() : field;
    return [key, z.catch(z.optional(declared), undefined)];
  });
  // Object.fromEntries forgets the keys; the map above builds exactly `Lenient<Shape>`.
  return Object.fromEntries(fields) as Lenient<Shape>;
}

/**
 * A saved context as the readers outside the machine see it (status, ls, plan, notifications):
 * the same fields, but an old or hand-edited `_state.json` never hides the rest of the report. A
 * field that is missing or does not match is `undefined` (defaults are not applied, so a reader
 * can tell an older session without a spend book from one that spent nothing).
 */
export const SavedContextSchema = z.looseObject(lenient(WorkflowContextSchema.shape));
export type SavedContext = z.infer<typeof SavedContextSchema>;

/** The saved context read leniently; anything that is not an object reads as an empty one. */
export function readSavedContext(context: unknown): SavedContext {
  const parsed = SavedContextSchema.safeParse(context);
  return parsed.success ? parsed.data : {};
}
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
