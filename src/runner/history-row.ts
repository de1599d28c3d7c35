/** Turns one ended iteration (the machine's `iteration.ended` event, the state after it, the attempts) into a history row. Pure. */
import {
  type DecisionFacts,
  type HumanEvent,
  type IterationEndedEvent,
  isSignalEvent,
  type VerificationEndedEvent,
  type WorkflowEvent,
} from '../../machines/events.js';
import { TERMINAL_PHASE } from '../../machines/phases.js';
import { isCompletionClaimed } from '../../machines/state-meaning.js';
import { exitClassOf, renderState, type StateOf } from '../../machines/sub-states.js';
import type { WorkflowContext } from '../../machines/workflow.js';
import type { AttemptReport } from '../providers/types.js';
import type { HistoryRow } from '../session/history.js';
import { completionOf } from '../verify/completion-text.js';

export interface RowInput {
  readonly ended: IterationEndedEvent;
  readonly after: StateOf;
  readonly afterContext: WorkflowContext;
  readonly reports: readonly AttemptReport[];
  /** The primary provider and model: the row's when no attempt reported (a restart, a verify row). */
  readonly provider: string;
  readonly model: string;
  readonly time: Date;
}

/**
 * Who ran the iteration: the provider and model of its last attempt, `fallback` when that was the
 * fallback provider, and every attempt's provider when any ran on the fallback.
 */
function ranOnOf(input: RowInput): Pick<HistoryRow, 'provider' | 'model' | 'fallback' | 'attemptProviders'> {
  const last = input.reports.at(-1);
  return {
    provider: last?.provider ?? input.provider,
    model: last?.model ?? input.model,
    ...(last?.isFallback ? { fallback: true } : {}),
    ...(input.reports.some((report) => report.isFallback)
      ? { attemptProviders: input.reports.map((report) => report.provider) }
      : {}),
  };
}

function outcomeOf(event: WorkflowEvent, reports: readonly AttemptReport[]): string {
  const last = reports.at(-1);
  if (last) return last.outcome;
  if (event.type === 'agent.failed') return event.outcome;
  if (event.type === 'agent.noSignal') return 'no_signal';
  if (event.type === 'agent.limited') return 'usage_limit';
  return 'success';
}

export interface VerifyRowInput {
  readonly ended: VerificationEndedEvent;
  readonly after: StateOf;
  readonly provider: string;
  readonly model: string;
  readonly time: Date;
}

/** The row of samocode's own verification of a `done`: its receipt and how the completion stands. */
export function buildVerifyRow(input: VerifyRowInput): HistoryRow {
  const { ended } = input;
  const completion = completionOf(ended.receipt);
  return {
    v: 1,
    time: input.time.toISOString(),
    iteration: ended.iteration,
    sourcePhase: TERMINAL_PHASE,
    rawSignal: null,
    event: ended.passed ? 'verify.passed' : 'verify.failed',
    target: null,
    accepted: ended.passed,
    rejection: null,
    state: renderState(input.after),
    outcome: ended.passed ? 'verify_passed' : 'verify_failed',
    attempts: 1,
    durationMs: ended.receipt.durationMs,
    tokens: { input: 0, output: 0 },
    costUsd: 0,
    provider: input.provider,
    model: input.model,
    verification: ended.passed ? (completion.kind === 'verified' ? 'verified' : 'unverified') : 'failed',
    receipt: ended.receipt,
  };
}

function billingOf(reports: readonly AttemptReport[]): { billing?: string } {
  const sources = [
    ...new Set(reports.map((report) => report.billing).filter((source) => source !== undefined)),
  ];
  return sources.length > 0 ? { billing: sources.join('+') } : {};
}

export function buildHistoryRow(input: RowInput): HistoryRow {
  const { ended, after, afterContext, reports } = input;
  const { event } = ended;
  const blocked = exitClassOf(after) === 'blocked' ? afterContext.blocked : undefined;
  const rejection =
    blocked && blocked.rule !== 'agent' ? { rule: blocked.rule, reason: blocked.reason } : null;
  const target =
    isSignalEvent(event) && event.type !== 'signal.invalid' ? (event.target ?? ended.phase) : null;
  return {
    v: 1,
    time: input.time.toISOString(),
    iteration: ended.iteration,
    sourcePhase: ended.phase,
    rawSignal: reports.at(-1)?.rawSignal ?? null,
    event: event.type,
    target,
    accepted: isSignalEvent(event) && event.type !== 'signal.invalid' && rejection === null,
    rejection,
    state: renderState(after),
    outcome: outcomeOf(event, reports),
    attempts: Math.max(reports.length, ended.attempt),
    durationMs: reports.reduce((sum, report) => sum + report.durationMs, 0),
    tokens: {
      input: reports.reduce((sum, report) => sum + report.inputTokens, 0),
      output: reports.reduce((sum, report) => sum + report.outputTokens, 0),
    },
    costUsd: reports.reduce((sum, report) => sum + report.costUsd, 0),
    ...(reports.some((report) => report.costBasis === 'estimated') ? { costEstimated: true } : {}),
    ...(reports.length > 0 && reports.every((report) => report.costBasis === 'none')
      ? { costUnreported: true }
      : {}),
    ...billingOf(reports),
    ...ranOnOf(input),
    ...(ended.escalation ? { escalation: ended.escalation } : {}),
    // Completed straight from `done` means no verify command ran: the completion is only claimed.
    ...(isCompletionClaimed(after, afterContext) ? { verification: 'claimed' as const } : {}),
  };
}

export interface DecisionRowInput {
  readonly decision: DecisionFacts;
  /** The event that applied it. */
  readonly event: HumanEvent['type'];
  readonly before: StateOf;
  readonly after: StateOf;
  readonly afterContext: WorkflowContext;
  readonly provider: string;
  readonly model: string;
  readonly time: Date;
}

/** The row of a human decision applied at a gate: no attempt, no cost; the decision names itself. */
export function buildDecisionRow(input: DecisionRowInput): HistoryRow {
  const { before, after } = input;
  return {
    v: 1,
    time: input.time.toISOString(),
    iteration: Math.max(1, input.afterContext.totalIterations),
    sourcePhase: before.sub === undefined ? TERMINAL_PHASE : before.phase,
    rawSignal: null,
    event: input.event,
    target: after.sub === undefined ? null : after.phase,
    accepted: true,
    rejection: null,
    state: renderState(after),
    outcome: 'decision',
    attempts: 0,
    durationMs: 0,
    tokens: { input: 0, output: 0 },
    costUsd: 0,
    provider: input.provider,
    model: input.model,
    decision: input.decision,
  };
}
