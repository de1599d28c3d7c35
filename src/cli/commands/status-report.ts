/** What `samocode status` shows, built from what it read. Pure. */

import { GRANT_KEY, renderAmount } from '../../../machines/budget.js';
import { readSavedContext } from '../../../machines/context.js';
import type { Receipt } from '../../../machines/receipt.js';
import { renderState, renderStateValue, type SubState, toStateOf } from '../../../machines/sub-states.js';
import type { CostBasis } from '../../providers/types.js';
import type { ProviderNames } from '../../runner/provider-switch.js';
import { type HistoryRow, iterationRows } from '../../session/history.js';
import type { LockStatus } from '../../session/lock.js';
import type { SessionState } from '../../session/snapshot-store.js';
import type { LeaseHolder } from '../../store/session-store.js';
import { costBasisOfRows, formatCost } from '../../text/cost-text.js';
import { completionOf, describeCompletion } from '../../verify/completion-text.js';
import type { WorkState } from '../../verify/work-state.js';
import {
  buildSessionView,
  renderViewLines,
  type SessionView,
  type ViewPlace,
  type ViewSettings,
} from '../../view/index.js';
import { renderModelsLines } from '../../view/models-text.js';
import type { ModelRouting } from '../../view/models-view.js';
import { type LastIteration, renderLastIteration } from './last-iteration-text.js';
import {
  type BudgetLine,
  budgetLines,
  type ProviderStatus,
  providerStatus,
  renderProviders,
} from './status-spend.js';
import { buildWorkerStatus, renderWorkerLine, type WorkerStatus } from './status-worker.js';

export interface StatusReport {
  readonly session: string;
  readonly dir: string;
  /** Read from the shared store (`SAMOCODE_STORE`); `dir` is where a run on this machine works. */
  readonly store?: 'postgres';
  readonly exists: boolean;
  readonly phase: string;
  readonly subState: string;
  readonly state: string;
  /** Iterations run per phase, the running or failed one included (the overview's `Iteration`). */
  readonly counters: Readonly<Record<string, number>>;
  /** Iterations the session has run, the running or failed one included (the overview's `Total Iterations`). */
  readonly totalIterations: number;
  /** The session view: state and cause in plain words, what to run next, the machine's words. */
  readonly view: SessionView;
  /** The last iteration's history row: the signal it ended with, or the failure that ended it. */
  readonly lastSignal?: LastIteration;
  /** Who runs the attempts: the configured providers, and which one the next attempt uses. */
  readonly providers?: ProviderStatus;
  readonly worker: WorkerStatus;
  readonly flowLog: readonly string[];
  readonly costUsd: number;
  readonly tokens: { readonly input: number; readonly output: number };
  readonly iterationsRecorded: number;
  readonly corruptHistoryLines: number;
  /** Session files that could not be read whole, and why. */
  readonly fileProblems: readonly string[];
  /** The cost includes estimates from the price table. */
  readonly isCostEstimated: boolean;
  /** `reported` by the CLI, `estimated` from the price table, or `none` when no attempt had a cost. */
  readonly costBasis: CostBasis;
  /** Provider time so far. */
  readonly providerMs: number;
  /** Spend against every configured budget. */
  readonly budgets: readonly BudgetLine[];
  /** How the recorded iterations were paid for. */
  readonly billing: readonly string[];
  /** For a completed session: verified by samocode, not verified (and why), or claimed by the agent. */
  readonly completion?: string;
  readonly receipt?: Receipt;
}

export interface StatusInput {
  readonly place: ViewPlace;
  readonly settings: ViewSettings;
  readonly exists: boolean;
  readonly state: SessionState | undefined;
  readonly rows: readonly HistoryRow[];
  readonly skipped: number;
  /** What kept a session file from being read whole (the history's tail only, a FIFO, a symlink). */
  readonly fileProblems?: readonly string[];
  readonly lock: LockStatus;
  /** Present for a session of a shared store: who holds its lease, if anyone (`lock` says whether it is live). */
  readonly lease?: { readonly holder?: LeaseHolder };
  readonly flowLog: readonly string[];
  /** The worktree's git state now, for a completion the agent only claimed. */
  readonly work?: WorkState;
  /** The providers as configured now; with `now`, they say which one the next attempt uses. */
  readonly providers?: ProviderNames;
  /** The session's models (its settings), so the view says which model runs each phase. */
  readonly routing?: ModelRouting;
  readonly now?: Date;
}

function placeOf(state: SessionState | undefined): {
  phase: string;
  sub: SubState | undefined;
  text: string;
} {
  if (state === undefined) return { phase: 'not started', sub: undefined, text: 'not started' };
  const known = toStateOf(state.snapshot.value);
  if (known === undefined) {
    const text = renderStateValue(state.snapshot.value);
    return { phase: text, sub: undefined, text };
  }
  return { phase: known.phase, sub: known.sub, text: renderState(known) };
}

function lastIterationOf(row: HistoryRow): LastIteration {
  return {
    time: row.time,
    iteration: row.iteration,
    sourcePhase: row.sourcePhase,
    event: row.event,
    accepted: row.accepted,
    rawSignal: row.rawSignal,
    rejection: row.rejection,
    provider: row.provider,
    isFallback: row.fallback === true,
    outcome: row.outcome,
    attempts: row.attempts,
  };
}

export function buildStatusReport(input: StatusInput): StatusReport {
  const context = readSavedContext(input.state?.snapshot.context);
  const place = placeOf(input.state);
  const view = buildSessionView({
    place: input.place,
    settings: input.settings,
    ...(input.state ? { snapshot: input.state.snapshot } : {}),
    rows: input.rows,
    isLive: input.lock.isLive,
    ...(input.work ? { work: input.work } : {}),
    ...(input.routing ? { routing: input.routing } : {}),
    now: (input.now ?? new Date()).getTime(),
  });
  const iterations = iterationRows(input.rows);
  const last = iterations.at(-1);
  const completion =
    view.attention === 'completed'
      ? describeCompletion(completionOf(context.receipt, input.work))
      : undefined;
  return {
    session: input.place.folder,
    dir: input.place.dir,
    ...(input.lease ? { store: 'postgres' as const } : {}),
    exists: input.exists,
    phase: place.phase,
    subState: place.sub ?? '',
    state: place.text,
    counters: view.iterations.perPhase,
    totalIterations: view.iterations.total,
    view,
    ...(last ? { lastSignal: lastIterationOf(last) } : {}),
    ...(input.providers
      ? { providers: providerStatus(input.providers, context, input.now ?? new Date()) }
      : {}),
    worker: buildWorkerStatus(input.lock, input.lease),
    flowLog: input.flowLog,
    costUsd: view.spend.costUsd,
    tokens: view.spend.tokens,
    iterationsRecorded: iterations.length,
    corruptHistoryLines: input.skipped,
    fileProblems: [...(input.fileProblems ?? []), ...(input.lock.problem ? [input.lock.problem] : [])],
    isCostEstimated: context.spend?.isEstimated ?? input.rows.some((row) => row.costEstimated === true),
    costBasis: costBasisOfRows(input.rows),
    providerMs: context.spend?.session.ms ?? input.rows.reduce((sum, row) => sum + row.durationMs, 0),
    budgets: budgetLines(input.settings.caps, context, input.rows),
    billing: [...new Set(input.rows.flatMap((row) => (row.billing ? row.billing.split('+') : [])))],
    ...(completion ? { completion } : {}),
    ...(context.receipt ? { receipt: context.receipt } : {}),
  };
}

/** `status` as text: plain words; `verbose` adds the machine's own words. */
export function renderStatusReport(report: StatusReport, verbose = false): string {
  const counters = Object.entries(report.counters)
    .filter(([, count]) => count > 0)
    .map(([phase, count]) => `${phase} ${count}`)
    .join(', ');
  const lines = [
    `session: ${report.session}${report.exists ? '' : ' (not created yet)'}`,
    report.store
      ? `folder: ${report.dir} (where a run on this machine works; read from the shared store)`
      : `folder: ${report.dir}`,
    ...renderViewLines(report.view, verbose),
    `iterations: ${report.totalIterations}${counters ? ` (${counters})` : ''}`,
  ];
  if (report.providers) lines.push(`provider: ${renderProviders(report.providers)}`);
  if (report.view.models) lines.push(...renderModelsLines(report.view.models));
  if (report.lastSignal) lines.push(`last iteration: ${renderLastIteration(report.lastSignal, verbose)}`);
  lines.push(renderWorkerLine(report.worker, report.store !== undefined));
  lines.push(
    `cost so far: ${formatCost(report.costUsd, report.costBasis)} (${report.tokens.input} in / ${report.tokens.output} out tokens)${report.billing.length > 0 ? `, billed to ${report.billing.join(', ')}` : ''}`,
  );
  for (const line of report.budgets) {
    lines.push(
      `budget ${line.scope} ${GRANT_KEY[line.kind]}: ${renderAmount(line.kind, line.spent)} of ${renderAmount(line.kind, line.cap)}`,
    );
  }
  if (report.corruptHistoryLines > 0)
    lines.push(`history: ${report.corruptHistoryLines} corrupt line(s) skipped`);
  for (const problem of report.fileProblems) lines.push(`file: ${problem}`);
  if (report.flowLog.length > 0) lines.push('recent flow:', ...report.flowLog.map((line) => `  ${line}`));
  return `${lines.join('\n')}\n`;
}
