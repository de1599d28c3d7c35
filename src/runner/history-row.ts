/** Turns one ended iteration (the machine's `iteration.ended` event, the state after it, the attempts) into a history row. Pure. */
import { type IterationEndedEvent, isSignalEvent, type WorkflowEvent } from '../../machines/events.js';
import { exitClassOf, renderState, type StateOf } from '../../machines/sub-states.js';
import type { WorkflowContext } from '../../machines/workflow.js';
import type { AttemptReport } from '../providers/types.js';
import type { HistoryRow } from '../session/history.js';

export interface RowInput {
  readonly ended: IterationEndedEvent;
  readonly after: StateOf;
  readonly afterContext: WorkflowContext;
  readonly reports: readonly AttemptReport[];
  readonly provider: string;
  readonly model: string;
  readonly time: Date;
}

function outcomeOf(event: WorkflowEvent, reports: readonly AttemptReport[]): string {
  const last = reports.at(-1);
  if (last) return last.outcome;
  if (event.type === 'agent.failed') return event.outcome;
  if (event.type === 'agent.noSignal') return 'no_signal';
  if (event.type === 'agent.limited') return 'usage_limit';
  return 'success';
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
    ...(reports.some((report) => report.isCostEstimated) ? { costEstimated: true } : {}),
    ...billingOf(reports),
    provider: input.provider,
    model: input.model,
  };
}

/** Two rows are the same iteration record. */
export function isSameRow(a: HistoryRow | undefined, b: HistoryRow | undefined): boolean {
  return (
    a !== undefined &&
    b !== undefined &&
    a.time === b.time &&
    a.iteration === b.iteration &&
    a.event === b.event
  );
}
