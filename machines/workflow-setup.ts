/**
 * The machine's vocabulary: its types, and every named guard, delay and action. Transitions
 * (`phase-states.ts`) refer to these by name, so the graph stays data and the diagrams and
 * docs can label every edge.
 *
 * To add a guard: write it in `guards` below as a small function of `{ context, event }`
 * (and `params` if it is per phase); it may read `settings` and `registry`. Guards see the
 * context before the transition's actions run.
 */
import { and, assign, type CallbackActorLogic, emit, fromCallback, type SetupReturn, setup } from 'xstate';
import { addSpend, overSpend, type SpendBook, spendAdd } from './budget.js';
import { remainingBudget, type WorkflowContext } from './context.js';
import { isSignalEvent, type WorkflowEmitted, type WorkflowEvent } from './events.js';
import {
  fallbackUntilOf,
  isPrimaryDueFirst,
  limitWaitMs,
  type ProviderRole,
  roleAt,
  shouldFallBack,
} from './fallback.js';
import type { Phase, PhaseRegistry } from './phases.js';
import { nextProgress, type ProgressTrack } from './progress.js';
import type { Receipt, VerifyInput } from './receipt.js';
import {
  explainBudget,
  explainNoProgress,
  explainNoSignal,
  explainRejection,
  explainSpend,
  explainSuspensionTooLong,
} from './rules.js';
import { backoffMs, type WorkflowSettings } from './settings.js';
import type { WorkflowTag } from './sub-states.js';
import {
  clampWaitMs,
  DEFAULT_MAX_LIMITS_IN_A_ROW,
  explainLimitsInARow,
  MAX_TIMER_MS,
  MIN_LIMIT_WAIT_MS,
} from './waits.js';

/** What the provider actor receives for one attempt. */
export interface ProviderInput {
  readonly phase: Phase;
  /** Session-wide iteration number of this run (1-based). */
  readonly iteration: number;
  /** Attempt within the iteration (1-based). */
  readonly attempt: number;
  /** The previous attempt exited without a signal: remind the agent to write one. */
  readonly reminder: boolean;
  /** Iterations in a row without a change so far, for the no-progress detector. */
  readonly progress?: ProgressTrack;
  /** samocode's verification of the agent's `done` failed: the agent sees its command and output tail. */
  readonly verifyFailure?: Receipt;
  /** Which configured provider runs the attempt, chosen by the machine (`fallback.ts`). */
  readonly provider: ProviderRole;
}

/** The actor logic a run provides as `provider`: one attempt, reported back as one event. */
export type ProviderLogic = CallbackActorLogic<WorkflowEvent, ProviderInput>;

/** The provider the machine starts with: it never reports. Runs provide the real one. */
const idleProvider: ProviderLogic = fromCallback<WorkflowEvent, ProviderInput>(() => undefined);

/** The actor logic a run provides as `verifier`: runs the verify command, reports `verify.passed|failed`. */
export type VerifierLogic = CallbackActorLogic<WorkflowEvent, VerifyInput>;
const idleVerifier: VerifierLogic = fromCallback<WorkflowEvent, VerifyInput>(() => undefined);

type From = { readonly phase: Phase };
/** A spend check for starting an iteration of `phase`, after an attempt of `from` (whose usage the event carries). */
type SpendCheck = { readonly phase: Phase; readonly from: Phase };

/** The spend book once the event's attempt is counted (guards see the context before actions). */
const bookAfter = (context: WorkflowContext, event: WorkflowEvent, from: Phase): SpendBook =>
  'usage' in event && event.usage ? spendAdd(context.spend, from, event.usage) : context.spend;
const grantAfter = (context: WorkflowContext, event: WorkflowEvent) =>
  event.type === 'resume' && event.grant ? addSpend(context.granted, event.grant) : context.granted;
type Target = { readonly target: Phase };

const stays = (event: WorkflowEvent, phase: Phase): boolean =>
  'target' in event ? (event.target ?? phase) === phase : true;

/** The receipt a verify event carries; other events never reach the actions that ask. */
function receiptOf(event: WorkflowEvent): Receipt {
  if (event.type === 'verify.passed' || event.type === 'verify.failed') return event.receipt;
  throw new Error(`no receipt on ${event.type}`);
}

/** Counts one iteration of `phase` and starts the next one fresh. */
const spend = (context: WorkflowContext, phase: Phase) => ({
  iterations: { ...context.iterations, [phase]: context.iterations[phase] + 1 },
  totalIterations: context.totalIterations + 1,
  attempt: 1,
  reminded: false,
  limitsInARow: undefined,
});

/** Everything a parked state recorded; cleared when the session moves on. */
const PARK_CLEARED = {
  blocked: undefined,
  waiting: undefined,
  failure: undefined,
  suspension: undefined,
  pendingTarget: undefined,
} as const;

export function workflowSetup(registry: PhaseRegistry, settings: WorkflowSettings) {
  // A usage limit's wait as the session would serve it (on the fallback: until the primary resets at most).
  const waitOf = (context: WorkflowContext, waitMs: number) => limitWaitMs(context, waitMs, settings.now());
  return setup({
    types: {
      context: {} as WorkflowContext,
      events: {} as WorkflowEvent,
      emitted: {} as WorkflowEmitted,
      tags: {} as WorkflowTag,
    },
    actors: { provider: idleProvider, verifier: idleVerifier },
    guards: {
      isContinueTo: ({ event }, params: { from: Phase; to: Phase }) =>
        event.type === 'signal.continue' && (event.target ?? params.from) === params.to,
      isWaitFor: ({ event }, params: { from: Phase; for: string }) =>
        event.type === 'signal.waiting' && event.for === params.for && stays(event, params.from),
      staysIn: ({ event }, params: From) => stays(event, params.phase),
      isPendingTarget: ({ context }, params: Target) => context.pendingTarget === params.target,
      // Guards see the context before this transition's actions, so count the iteration that just ended.
      hasBudget: ({ context }, params: { phase: Phase; spending?: Phase }) =>
        remainingBudget(context, params.phase, settings.budgets) -
          (params.spending === params.phase ? 1 : 0) >
        0,
      // Would the next attempt pass a cost, token or time cap? Then the iteration does not start.
      hasSpendBudget: ({ context, event }, params: SpendCheck) =>
        overSpend(
          settings.caps,
          grantAfter(context, event),
          bookAfter(context, event, params.from),
          params.phase,
        ) === undefined,
      isTransient: ({ event }) => event.type === 'agent.failed' && event.kind === 'transient',
      hasAttemptsLeft: ({ context }) => context.attempt < settings.maxAttempts,
      canRemind: ({ context }) => !context.reminded,
      isAutoApprove: () => settings.autoApprove,
      isOnce: () => settings.once,
      isWithinSuspendCap: ({ context, event }) =>
        event.type === 'agent.limited' && waitOf(context, event.waitMs) <= settings.maxSuspendMs,
      shouldFallBack: ({ context, event }) =>
        event.type === 'agent.limited' && shouldFallBack(context, settings.fallbackAfterMs, event.waitMs),
      hasLimitBudget: ({ context }) =>
        (context.limitsInARow ?? 0) + 1 < (settings.maxLimitsInARow ?? DEFAULT_MAX_LIMITS_IN_A_ROW),
    },
    delays: {
      // Every wait has a floor and a cap: a reset time in the past must not loop, a huge one must not overflow.
      retryBackoff: ({ context }) =>
        clampWaitMs(backoffMs(context.attempt, settings.retryDelayMs, settings.jitter()), {
          floorMs: 0,
          capMs: MAX_TIMER_MS,
        }),
      usageLimitWait: ({ context }) =>
        clampWaitMs(context.suspension?.waitMs ?? 0, {
          floorMs: Math.max(settings.retryDelayMs, MIN_LIMIT_WAIT_MS),
          capMs: MAX_TIMER_MS,
        }),
    },
    actions: {
      // First in its transition's actions, so it reads the context of the iteration that ended.
      endIteration: emit(({ context, event }, params: From) => ({
        type: 'iteration.ended' as const,
        phase: params.phase,
        iteration: context.totalIterations + 1,
        attempt: context.attempt,
        event,
      })),
      spendIteration: assign(({ context }, params: From) => ({
        ...PARK_CLEARED,
        ...spend(context, params.phase),
        verifyFailure: undefined,
      })),
      endVerification: emit(({ context, event }) => ({
        type: 'verification.ended' as const,
        iteration: context.totalIterations,
        passed: event.type === 'verify.passed',
        receipt: receiptOf(event),
      })),
      recordReceipt: assign(({ event }) =>
        event.type === 'verify.passed' || event.type === 'verify.failed' ? { receipt: event.receipt } : {},
      ),
      recordVerifyFailure: assign(({ event }) =>
        event.type === 'verify.failed' ? { verifyFailure: event.receipt, receipt: event.receipt } : {},
      ),
      recordAgentBlock: assign(({ context, event }, params: From) => ({
        ...spend(context, params.phase),
        ...(event.type === 'signal.blocked'
          ? { blocked: { rule: 'agent' as const, reason: event.reason, needs: event.needs } }
          : {}),
      })),
      rejectSignal: assign(({ context, event }, params: From) => ({
        ...spend(context, params.phase),
        ...(isSignalEvent(event) ? { blocked: explainRejection(registry, params.phase, event) } : {}),
      })),
      blockBudget: assign(({ context }, params: From) => ({
        blocked: explainBudget(
          params.phase,
          context.iterations[params.phase],
          settings.budgets[params.phase],
          context.allowance[params.phase],
        ),
      })),
      blockNoSignal: assign(({ context }, params: From) => ({
        ...spend(context, params.phase),
        blocked: explainNoSignal(context.attempt),
      })),
      recordWaiting: assign(({ event }) =>
        event.type === 'signal.waiting'
          ? { waiting: { for: event.for, ...(event.summary ? { summary: event.summary } : {}) } }
          : {},
      ),
      setPending: assign((_, params: Target) => ({ pendingTarget: params.target })),
      markAutoApproved: assign({ autoApproved: true }),
      recordSummary: assign(({ event }) => (event.type === 'signal.done' ? { summary: event.summary } : {})),
      remind: assign(({ context }) => ({ reminded: true, attempt: context.attempt + 1 })),
      recordFailure: assign(({ context, event }) =>
        event.type === 'agent.failed'
          ? {
              failure: { outcome: event.outcome, kind: event.kind, message: event.message },
              attempt: event.kind === 'transient' ? context.attempt + 1 : context.attempt,
            }
          : {},
      ),
      recordSuspension: assign(({ context, event }) => {
        if (event.type !== 'agent.limited') return {};
        const now = settings.now();
        // The fallback's limit outlasts the primary's: wait for the primary's reset, then run it.
        const isPrimaryNext = isPrimaryDueFirst(context, event.waitMs, now);
        const resetsAt =
          isPrimaryNext && context.fallbackUntil !== undefined
            ? new Date(context.fallbackUntil).toISOString()
            : event.resetsAt;
        return {
          limitsInARow: (context.limitsInARow ?? 0) + 1,
          suspension: {
            waitMs: limitWaitMs(context, event.waitMs, now),
            message: event.message,
            ...(resetsAt ? { resetsAt } : {}),
          },
          ...(isPrimaryNext ? { fallbackUntil: undefined } : {}),
        };
      }),
      // The primary is limited for long: the next attempt runs on the fallback, at once, until the reset.
      startFallback: assign(({ context, event }) =>
        event.type === 'agent.limited'
          ? {
              limitsInARow: (context.limitsInARow ?? 0) + 1,
              fallbackUntil: fallbackUntilOf(event, settings.now()),
            }
          : {},
      ),
      // On entering `running`: which provider this attempt runs on; a reset that has passed ends the fallback.
      chooseProvider: assign(({ context }) => {
        const role = roleAt(context, settings.fallbackAfterMs !== undefined, settings.now());
        if (role === 'fallback') return context.provider === role ? {} : { provider: role };
        return context.provider === undefined && context.fallbackUntil === undefined
          ? {}
          : { provider: undefined, fallbackUntil: undefined };
      }),
      failUsageLimit: assign(({ context, event }) => {
        if (event.type !== 'agent.limited') return {};
        const waitMs = waitOf(context, event.waitMs);
        // On the fallback the wait may be the primary's: then the fallback's reset time is not the one that counts.
        const served = waitMs === event.waitMs ? event : { type: event.type, waitMs, message: event.message };
        return {
          failure: {
            outcome: 'usage_limit',
            kind: 'fatal' as const,
            message:
              waitMs > settings.maxSuspendMs
                ? explainSuspensionTooLong(served, settings.maxSuspendMs)
                : explainLimitsInARow((context.limitsInARow ?? 0) + 1, event.message),
          },
        };
      }),
      grantBudgetIfSpent: assign(({ context }, params: From) =>
        remainingBudget(context, params.phase, settings.budgets) > 0
          ? {}
          : {
              allowance: {
                ...context.allowance,
                [params.phase]: context.allowance[params.phase] + settings.budgets[params.phase],
              },
            },
      ),
      clearPark: assign(() => ({
        ...PARK_CLEARED,
        attempt: 1,
        reminded: false,
        progress: undefined,
        limitsInARow: undefined,
      })),
      // On leaving `running`: the attempt's usage into the spend book, its signal into the progress track.
      recordAttempt: assign(({ context, event }, params: From) => ({
        spend: bookAfter(context, event, params.phase),
        ...(isSignalEvent(event) ? { progress: nextProgress(context.progress, event.progressKey) } : {}),
      })),
      recordGrant: assign(({ context, event }) => ({ granted: grantAfter(context, event) })),
      blockSpend: assign(({ context }, params: From) => {
        const over = overSpend(settings.caps, context.granted, context.spend, params.phase);
        return over ? { blocked: explainSpend(over, context.spend.largest[over.kind]) } : {};
      }),
      blockNoProgress: assign(({ context, event }, params: From) => ({
        ...spend(context, params.phase),
        blocked: explainNoProgress(event.type === 'agent.noProgress' ? event.streak : 0),
      })),
    },
  });
}

export type WorkflowSetup = ReturnType<typeof workflowSetup>;
/** One sub-state's config, typed by the setup: guard and action names are checked. */
export type SubStateConfig = Parameters<WorkflowSetup['createStateConfig']>[0];

/** The params each named guard and action takes, read off the setup. */
type ParamsOf<S> =
  S extends SetupReturn<
    infer _Context,
    infer _Event,
    infer _Actors,
    infer _Children,
    infer Actions,
    infer Guards,
    infer _Delay,
    infer _Tag,
    infer _Input,
    infer _Output,
    infer _Emitted,
    infer _Meta
  >
    ? { readonly actions: Actions; readonly guards: Guards }
    : never;
/** A reference to a named implementation: `{ type }`, with `params` when it takes them. */
type Ref<Map> = {
  [K in keyof Map & string]: undefined extends Map[K]
    ? { readonly type: K }
    : { readonly type: K; readonly params: Map[K] };
}[keyof Map & string];

export type GuardRef = Ref<ParamsOf<WorkflowSetup>['guards']>;
export type ActionRef = Ref<ParamsOf<WorkflowSetup>['actions']>;

/** Every guard must hold (xstate's `and`, typed for this machine). */
export function all(...guards: readonly GuardRef[]) {
  return and<WorkflowContext, WorkflowEvent, GuardRef[]>(guards);
}
export type Guard = GuardRef | ReturnType<typeof all>;

/** One guarded candidate transition of a sub-state. */
export interface Move {
  readonly guard?: Guard;
  readonly target: string;
  readonly reenter?: boolean;
  readonly actions: readonly ActionRef[];
}
export type EventType = WorkflowEvent['type'];
/** A sub-state's transitions: candidates per event, tried in order. */
export type Moves = { readonly [E in EventType]?: readonly Move[] };
