/**
 * What the session machine remembers between events. To add a field: declare it here, give
 * it a start value in `initialContext`, and set it with an action in `workflow-setup.ts`.
 */
import { emptySpendBook, NO_GRANT, type Spend, type SpendBook } from './budget.js';
import type { WaitingEvent } from './events.js';
import { PHASES, type Phase } from './phases.js';
import type { ProgressTrack } from './progress.js';
import type { Receipt } from './receipt.js';
import type { Block } from './rules.js';

export interface Failure {
  readonly outcome: string;
  readonly kind: 'transient' | 'fatal';
  readonly message: string;
}

export interface WorkflowContext {
  /** Iterations spent per phase over the whole session. */
  readonly iterations: Readonly<Record<Phase, number>>;
  /** Extra iterations a human granted per phase by resuming after a budget block. */
  readonly allowance: Readonly<Record<Phase, number>>;
  readonly totalIterations: number;
  readonly attempt: number;
  readonly reminded: boolean;
  readonly pendingTarget?: Phase;
  readonly blocked?: Block;
  readonly waiting?: { readonly for: WaitingEvent['for']; readonly summary?: string };
  readonly failure?: Failure;
  readonly suspension?: { readonly waitMs: number; readonly resetsAt?: string; readonly message: string };
  /** Usage limits since the last finished iteration or human resume (absent = 0). */
  readonly limitsInARow?: number;
  readonly autoApproved?: boolean;
  readonly summary?: string;
  /** Cost, tokens and provider time spent per session and phase; persisted, so restarts keep it. */
  readonly spend: SpendBook;
  /** What humans added to the spend caps (`run --grant`), per kind. */
  readonly granted: Spend;
  /** Iterations in a row that ended with the same worktree and signal. */
  readonly progress?: ProgressTrack;
  /** samocode's own check of the work at completion (only when a verify command is configured). */
  readonly receipt?: Receipt;
  /** The last failed verification, shown to the next iteration's agent; cleared when it has run. */
  readonly verifyFailure?: Receipt;
}

const zeroes = (): Record<Phase, number> =>
  Object.fromEntries(PHASES.map((phase) => [phase, 0])) as Record<Phase, number>;

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
