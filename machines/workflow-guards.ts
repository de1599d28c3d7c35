/**
 * The machine's named guards and delays: small pure functions of the context, the event and the
 * run's settings. Guards see the context before the transition's actions run, so a guard that
 * asks about the iteration that just ended counts it itself. No guard reads the wall clock: the
 * time is the one an event carries (`timeOf`).
 */
import { addSpend, overSpend, type SpendBook, spendAdd } from './budget.js';
import { remainingBudget, type WorkflowContext } from './context.js';
import { isModelBound } from './escalation.js';
import type { WorkflowEvent } from './events.js';
import { limitWaitMs, shouldFallBack } from './fallback.js';
import type { Phase } from './phases.js';
import { isStuck, nextProgress } from './progress.js';
import { backoffMs, type WorkflowSettings } from './settings.js';
import { clampWaitMs, DEFAULT_MAX_LIMITS_IN_A_ROW, MAX_TIMER_MS, MIN_LIMIT_WAIT_MS } from './waits.js';

type From = { readonly phase: Phase };
type Target = { readonly target: Phase };
/** A spend check for starting an iteration of `phase`, after an attempt of `from` (whose usage the event carries). */
type SpendCheck = { readonly phase: Phase; readonly from: Phase };

/**
 * When an event happened (epoch ms): the time it carries; a timer's event (a retry after a
 * backoff, the end of a usage-limit wait) has none and counts from the attempt that set the timer.
 */
export function timeOf(context: WorkflowContext, event: WorkflowEvent): number | undefined {
  return ('at' in event ? event.at : undefined) ?? context.attemptEndedAt;
}

/** The spend book once the event's attempt is counted. */
export const bookAfter = (context: WorkflowContext, event: WorkflowEvent, from: Phase): SpendBook =>
  'usage' in event && event.usage ? spendAdd(context.spend, from, event.usage) : context.spend;

/** What humans granted once the event's grant (`run --grant`) is added. */
export const grantAfter = (context: WorkflowContext, event: WorkflowEvent) =>
  event.type === 'resume' && event.grant ? addSpend(context.granted, event.grant) : context.granted;

/** The signal's target is the phase itself (or it names none). */
export const stays = (event: WorkflowEvent, phase: Phase): boolean =>
  'target' in event ? (event.target ?? phase) === phase : true;

/** The progress track once this event's iteration of `phase` is counted. */
export const progressAfter = (context: WorkflowContext, event: WorkflowEvent, phase: Phase) =>
  nextProgress(context.progress, 'progressMark' in event ? event.progressMark : undefined, phase);

/** A usage limit's wait as the session would serve it (on the fallback: until the primary resets, at most). */
export const servedWaitMs = (context: WorkflowContext, event: WorkflowEvent): number =>
  event.type === 'agent.limited' ? limitWaitMs(context, event.waitMs, event.at) : 0;

export function buildGuards(settings: WorkflowSettings) {
  return {
    isContinueTo: ({ event }: { event: WorkflowEvent }, params: { from: Phase; to: Phase }) =>
      event.type === 'signal.continue' && (event.target ?? params.from) === params.to,
    isWaitFor: ({ event }: { event: WorkflowEvent }, params: { from: Phase; for: string }) =>
      event.type === 'signal.waiting' && event.for === params.for && stays(event, params.from),
    staysIn: ({ event }: { event: WorkflowEvent }, params: From) => stays(event, params.phase),
    isRejection: ({ event }: { event: WorkflowEvent }) =>
      event.type === 'resume' && event.rejection !== undefined,
    isPendingTarget: ({ context }: { context: WorkflowContext }, params: Target) =>
      context.pendingTarget === params.target,
    // Counts the iteration that just ended when `spending` is the phase asked about.
    hasBudget: ({ context }: { context: WorkflowContext }, params: { phase: Phase; spending?: Phase }) =>
      remainingBudget(context, params.phase, settings.budgets) - (params.spending === params.phase ? 1 : 0) >
      0,
    // Would the next attempt pass a cost, token or time cap? Then the iteration does not start.
    hasSpendBudget: (
      { context, event }: { context: WorkflowContext; event: WorkflowEvent },
      params: SpendCheck,
    ) =>
      overSpend(
        settings.caps,
        grantAfter(context, event),
        bookAfter(context, event, params.from),
        params.phase,
      ) === undefined,
    // The same progress mark, in the same phase, as many iterations in a row as the rule allows.
    isStuck: ({ context, event }: { context: WorkflowContext; event: WorkflowEvent }, params: From) =>
      isStuck(progressAfter(context, event, params.phase), settings.noProgressIterations),
    isTransient: ({ event }: { event: WorkflowEvent }) =>
      event.type === 'agent.failed' && event.kind === 'transient',
    hasAttemptsLeft: ({ context }: { context: WorkflowContext }) => context.attempt < settings.maxAttempts,
    canRemind: ({ context }: { context: WorkflowContext }) => !context.reminded,
    isAutoApprove: () => settings.autoApprove,
    isOnce: () => settings.once,
    hasVerify: () => settings.verify,
    lacksVerify: () => !settings.verify,
    isWithinSuspendCap: ({ context, event }: { context: WorkflowContext; event: WorkflowEvent }) =>
      event.type === 'agent.limited' && servedWaitMs(context, event) <= settings.maxSuspendMs,
    // A fallback is configured, this attempt is not on it, and the primary's limit is long.
    shouldFallBack: ({ context, event }: { context: WorkflowContext; event: WorkflowEvent }) =>
      event.type === 'agent.limited' && shouldFallBack(context, settings.fallbackAfterMs, event.waitMs),
    hasLimitBudget: ({ context }: { context: WorkflowContext }) =>
      (context.limitsInARow ?? 0) + 1 < (settings.maxLimitsInARow ?? DEFAULT_MAX_LIMITS_IN_A_ROW),
    // Escalation: a model is configured, and this visit of the phase has not used its one escalation.
    canEscalate: ({ context }: { context: WorkflowContext }, params: From) =>
      settings.escalate && context.escalatedIn !== params.phase,
    // The agent's block or the attempts' failure is one a stronger model could change.
    isModelBound: ({ event }: { event: WorkflowEvent }) => isModelBound(event),
  };
}

/** Every wait has a floor and a cap: a reset time in the past must not loop, a huge one must not overflow. */
export function buildDelays(settings: WorkflowSettings) {
  return {
    retryBackoff: ({ context }: { context: WorkflowContext }) =>
      clampWaitMs(backoffMs(context.attempt, settings.retryDelayMs, settings.jitter()), {
        floorMs: 0,
        capMs: MAX_TIMER_MS,
      }),
    usageLimitWait: ({ context }: { context: WorkflowContext }) =>
      clampWaitMs(context.suspension?.waitMs ?? 0, {
        floorMs: Math.max(settings.retryDelayMs, MIN_LIMIT_WAIT_MS),
        capMs: MAX_TIMER_MS,
      }),
  };
}
