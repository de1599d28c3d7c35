/**
 * The machine's vocabulary: its types, actors, and every named guard (`workflow-guards.ts`),
 * delay and action. Transitions (`phase-states.ts` and the modules it assembles) refer to these
 * by name, so the graph stays data and the diagrams and docs can label every edge.
 *
 * To add an action: write it in `actions` below with `assign` or `emit`; it may read `settings`
 * and `registry`, and the time only from the event (`timeOf`).
 */
import { assign, type CallbackActorLogic, emit, fromCallback, setup } from 'xstate';
import { overSpend } from './budget.js';
import { remainingBudget, type WorkflowContext } from './context.js';
import { type Escalation, type EscalationCause, explainEscalation, type ModelChoice } from './escalation.js';
import { isSignalEvent, type WorkflowEmitted, type WorkflowEvent } from './events.js';
import { fallbackUntilOf, isPrimaryDueFirst, type ProviderRole, roleAt } from './fallback.js';
import type { Phase, PhaseRegistry } from './phases.js';
import type { Receipt, VerifyInput } from './receipt.js';
import {
  explainBudget,
  explainNoProgress,
  explainNoSignal,
  explainRejection,
  explainSpend,
  explainSuspensionTooLong,
} from './rules.js';
import type { WorkflowSettings } from './settings.js';
import { isGrantBlock } from './state-meaning.js';
import type { WorkflowTag } from './sub-states.js';
import { explainLimitsInARow } from './waits.js';
import {
  bookAfter,
  buildDelays,
  buildGuards,
  grantAfter,
  progressAfter,
  servedWaitMs,
  timeOf,
} from './workflow-guards.js';

/** What the provider actor receives for one attempt. */
export interface ProviderInput {
  readonly phase: Phase;
  /** Session-wide iteration number of this run (1-based). */
  readonly iteration: number;
  /** Attempt within the iteration (1-based). */
  readonly attempt: number;
  /** The previous attempt exited without a signal: remind the agent to write one. */
  readonly reminder: boolean;
  /** samocode's verification of the agent's `done` failed: the agent sees its command and output tail. */
  readonly verifyFailure?: Receipt;
  /** Which configured provider runs the attempt, chosen by the machine (`fallback.ts`). */
  readonly provider: ProviderRole;
  /** A human rejected the plan, for this reason: the agent revises it. */
  readonly rejection?: string;
  /** Which of that provider's models runs it: the phase's, or the escalation model (`escalation.ts`). */
  readonly model: ModelChoice;
  /** Why the attempt runs on the escalation model, for its prompt. */
  readonly escalation?: Escalation;
}

/** The actor logic a run provides as `provider`: one attempt, reported back as one event. */
export type ProviderLogic = CallbackActorLogic<WorkflowEvent, ProviderInput>;

/** The provider the machine starts with: it never reports. Runs provide the real one. */
const idleProvider: ProviderLogic = fromCallback<WorkflowEvent, ProviderInput>(() => undefined);

/** The actor logic a run provides as `verifier`: runs the verify command, reports `verify.passed|failed`. */
export type VerifierLogic = CallbackActorLogic<WorkflowEvent, VerifyInput>;
const idleVerifier: VerifierLogic = fromCallback<WorkflowEvent, VerifyInput>(() => undefined);

type From = { readonly phase: Phase };
type Target = { readonly target: Phase };
type Escalate = { readonly phase: Phase; readonly cause: EscalationCause };

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
  escalation: undefined,
});

/** The gate a park opens: numbered after the last one, opened at the event's time. */
const nextGate = (context: WorkflowContext, event: WorkflowEvent) => {
  const openedAt = timeOf(context, event);
  return { seq: (context.gate?.seq ?? 0) + 1, ...(openedAt === undefined ? {} : { openedAt }) };
};

/** Everything a parked state recorded; cleared when the session moves on. */
const PARK_CLEARED = {
  blocked: undefined,
  waiting: undefined,
  failure: undefined,
  suspension: undefined,
  pendingTarget: undefined,
} as const;

export function workflowSetup(registry: PhaseRegistry, settings: WorkflowSettings) {
  return setup({
    types: {
      context: {} as WorkflowContext,
      events: {} as WorkflowEvent,
      emitted: {} as WorkflowEmitted,
      tags: {} as WorkflowTag,
    },
    actors: { provider: idleProvider, verifier: idleVerifier },
    guards: buildGuards(settings),
    delays: buildDelays(settings),
    actions: {
      // Exit actions of `running` (recordAttempt) have run; the iteration counters are still the ended one's.
      endIteration: emit(({ context, event }, params: From) => ({
        type: 'iteration.ended' as const,
        phase: params.phase,
        iteration: context.totalIterations + 1,
        attempt: context.attempt,
        event,
        ...(context.escalation ? { escalation: context.escalation } : {}),
      })),
      spendIteration: assign(({ context }, params: From) => ({
        ...PARK_CLEARED,
        ...spend(context, params.phase),
        verifyFailure: undefined,
        rejection: undefined,
      })),
      // On entering a human gate: the next gate number, never reused, and when it opened.
      openGate: assign(({ context, event }) => ({ gate: nextGate(context, event) })),
      // On entering `blocked`: a gate only when a grant lifts the block (a spent budget or cap).
      openGrantGate: assign(({ context, event }) =>
        isGrantBlock(context.blocked) ? { gate: nextGate(context, event) } : {},
      ),
      recordRejection: assign(({ event }) =>
        event.type === 'resume' && event.rejection !== undefined ? { rejection: event.rejection } : {},
      ),
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
      // Runs after `recordAttempt`, so the track already counts this iteration.
      blockNoProgress: assign(({ context }, params: From) => ({
        ...spend(context, params.phase),
        blocked: explainNoProgress(context.progress?.streak ?? 0, params.phase),
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
        // The fallback's limit outlasts the primary's: wait for the primary's reset, then run it.
        const isPrimaryNext = isPrimaryDueFirst(context, event.waitMs, event.at);
        const resetsAt =
          isPrimaryNext && context.fallbackUntil !== undefined
            ? new Date(context.fallbackUntil).toISOString()
            : event.resetsAt;
        return {
          limitsInARow: (context.limitsInARow ?? 0) + 1,
          suspension: {
            waitMs: servedWaitMs(context, event),
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
              fallbackUntil: fallbackUntilOf(event, event.at),
            }
          : {},
      ),
      // On entering `running`: which provider this attempt runs on; a reset that has passed ends the fallback.
      chooseProvider: assign(({ context, event }) => {
        const role = roleAt(context, settings.fallbackAfterMs !== undefined, timeOf(context, event));
        if (role === 'fallback') return context.provider === role ? {} : { provider: role };
        return context.provider === undefined && context.fallbackUntil === undefined
          ? {}
          : { provider: undefined, fallbackUntil: undefined };
      }),
      failUsageLimit: assign(({ context, event }) => {
        if (event.type !== 'agent.limited') return {};
        const waitMs = servedWaitMs(context, event);
        // On the fallback the wait may be the primary's: then the fallback's reset time is not the one that counts.
        const served = waitMs === event.waitMs ? event : { ...event, waitMs, resetsAt: undefined };
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
      // On leaving `running`: the attempt's usage into the spend book, its end time, its signal into the progress track.
      recordAttempt: assign(({ context, event }, params: From) => ({
        spend: bookAfter(context, event, params.phase),
        attemptEndedAt: timeOf(context, event),
        ...(isSignalEvent(event) ? { progress: progressAfter(context, event, params.phase) } : {}),
      })),
      recordGrant: assign(({ context, event }) => ({ granted: grantAfter(context, event) })),
      // Escalation: the next iteration of `phase` runs on the escalation model; this visit has used its one.
      escalate: assign(({ event }, params: Escalate) => ({
        escalation: { cause: params.cause, reason: explainEscalation(params.cause, event) },
        escalatedIn: params.phase,
      })),
      // Escalation: moving to another phase starts a new visit, which may escalate once again.
      resetEscalation: assign({ escalatedIn: undefined }),
      blockSpend: assign(({ context }, params: From) => {
        const over = overSpend(settings.caps, context.granted, context.spend, params.phase);
        return over ? { blocked: explainSpend(over, context.spend.largest[over.kind]) } : {};
      }),
    },
  });
}

export type WorkflowSetup = ReturnType<typeof workflowSetup>;
