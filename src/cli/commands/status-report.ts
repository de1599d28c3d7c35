/** What `samocode status` shows, built from what it read. Pure. */
import {
  type Caps,
  GRANT_KEY,
  NO_CAPS,
  NO_GRANT,
  renderAmount,
  SPEND_KINDS,
  type Spend,
  type SpendCaps,
  type SpendKind,
} from '../../../machines/budget.js';
import { readSavedContext, type SavedContext } from '../../../machines/context.js';
import { PHASES } from '../../../machines/phases.js';
import type { Receipt } from '../../../machines/receipt.js';
import {
  COMPLETED,
  renderState,
  renderStateValue,
  type SubState,
  toStateOf,
} from '../../../machines/sub-states.js';
import type { HistoryRow } from '../../session/history.js';
import type { LockStatus } from '../../session/lock.js';
import type { SessionState } from '../../session/snapshot-store.js';
import { completionOf, describeCompletion } from '../../verify/completion-text.js';
import type { WorkState } from '../../verify/work-state.js';

export interface StatusReport {
  readonly session: string;
  readonly dir: string;
  readonly exists: boolean;
  readonly phase: string;
  readonly subState: string;
  readonly state: string;
  readonly counters: Readonly<Record<string, number>>;
  readonly totalIterations: number;
  readonly reason?: string;
  readonly lastSignal?: {
    readonly time: string;
    readonly iteration: number;
    readonly sourcePhase: string;
    readonly event: string;
    readonly accepted: boolean;
    readonly rawSignal: string | null;
    readonly rejection: string | null;
  };
  readonly worker: {
    readonly isRunning: boolean;
    readonly pid?: number;
    readonly host?: string;
    readonly since?: string;
  };
  readonly flowLog: readonly string[];
  readonly costUsd: number;
  readonly tokens: { readonly input: number; readonly output: number };
  readonly iterationsRecorded: number;
  readonly corruptHistoryLines: number;
  /** The cost includes estimates from the price table. */
  readonly isCostEstimated: boolean;
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
  readonly folder: string;
  readonly dir: string;
  readonly exists: boolean;
  readonly state: SessionState | undefined;
  readonly rows: readonly HistoryRow[];
  readonly skipped: number;
  readonly lock: LockStatus;
  readonly flowLog: readonly string[];
  /** The worktree's git state now, for a completion the agent only claimed. */
  readonly work?: WorkState;
  readonly caps?: SpendCaps;
}

/** One budget line: what a scope has spent of one kind, against its cap (grants included). */
export interface BudgetLine {
  readonly scope: string;
  readonly kind: SpendKind;
  readonly spent: number;
  readonly cap: number;
}

function budgetLines(caps: SpendCaps, context: SavedContext, rows: readonly HistoryRow[]): BudgetLine[] {
  const fromRows = {
    costUsd: rows.reduce((sum, row) => sum + row.costUsd, 0),
    tokens: rows.reduce((sum, row) => sum + row.tokens.input + row.tokens.output, 0),
    ms: rows.reduce((sum, row) => sum + row.durationMs, 0),
  };
  const grant = context.granted ?? NO_GRANT;
  const lines: BudgetLine[] = [];
  // An older session without a spend book: the session spent what its history rows say.
  const scopes: [string, Caps | undefined, Spend | undefined][] = [
    ['session', caps.session, context.spend?.session ?? fromRows],
    ...PHASES.map((phase): [string, Caps | undefined, Spend | undefined] => [
      phase,
      caps.phases[phase],
      context.spend?.phases[phase],
    ]),
  ];
  for (const [scope, scopeCaps, spend] of scopes) {
    for (const kind of SPEND_KINDS) {
      const cap = scopeCaps?.[kind];
      if (cap === undefined) continue;
      lines.push({ scope, kind, spent: spend?.[kind] ?? 0, cap: cap + grant[kind] });
    }
  }
  return lines;
}

const waitingFor = (context: SavedContext) =>
  context.waiting
    ? `waiting for ${context.waiting.for}${context.waiting.summary ? `: ${context.waiting.summary}` : ''}`
    : 'waiting for plan_approval';

/** The `reason:` line for each sub-state. */
const REASON_IN: Readonly<Record<SubState, (context: SavedContext) => string | undefined>> = {
  running: () => undefined,
  verifying: () => 'samocode is running the verify command',
  retrying: () => undefined,
  paused: () => undefined,
  suspended: (context) => context.suspension?.message,
  awaitingHuman: waitingFor,
  awaitingApproval: waitingFor,
  blocked: (context) =>
    context.blocked ? `${context.blocked.reason} (needs ${context.blocked.needs})` : undefined,
  failed: (context) =>
    context.failure ? `${context.failure.outcome}: ${context.failure.message}` : undefined,
};

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

export function buildStatusReport(input: StatusInput): StatusReport {
  const context = readSavedContext(input.state?.snapshot.context);
  const place = placeOf(input.state);
  const last = input.rows.at(-1);
  const reason = place.sub === undefined ? undefined : REASON_IN[place.sub](context);
  const isCompleted = place.text === COMPLETED;
  const completion = isCompleted ? describeCompletion(completionOf(context.receipt, input.work)) : undefined;
  return {
    session: input.folder,
    dir: input.dir,
    exists: input.exists,
    phase: place.phase,
    subState: place.sub ?? '',
    state: place.text,
    counters: context.iterations ?? {},
    totalIterations: context.totalIterations ?? 0,
    ...(reason ? { reason } : {}),
    ...(last
      ? {
          lastSignal: {
            time: last.time,
            iteration: last.iteration,
            sourcePhase: last.sourcePhase,
            event: last.event,
            accepted: last.accepted,
            rawSignal: last.rawSignal,
            rejection: last.rejection ? `${last.rejection.rule}: ${last.rejection.reason}` : null,
          },
        }
      : {}),
    worker: {
      isRunning: input.lock.isLive,
      ...(input.lock.holder
        ? { pid: input.lock.holder.pid, host: input.lock.holder.host, since: input.lock.holder.startedAt }
        : {}),
    },
    flowLog: input.flowLog,
    costUsd: Math.round(input.rows.reduce((sum, row) => sum + row.costUsd, 0) * 1e6) / 1e6,
    tokens: {
      input: input.rows.reduce((sum, row) => sum + row.tokens.input, 0),
      output: input.rows.reduce((sum, row) => sum + row.tokens.output, 0),
    },
    iterationsRecorded: input.rows.length,
    corruptHistoryLines: input.skipped,
    isCostEstimated: context.spend?.isEstimated ?? input.rows.some((row) => row.costEstimated === true),
    providerMs: context.spend?.session.ms ?? input.rows.reduce((sum, row) => sum + row.durationMs, 0),
    budgets: budgetLines(input.caps ?? NO_CAPS, context, input.rows),
    billing: [...new Set(input.rows.flatMap((row) => (row.billing ? row.billing.split('+') : [])))],
    ...(completion ? { completion } : {}),
    ...(context.receipt ? { receipt: context.receipt } : {}),
  };
}

export function renderStatusReport(report: StatusReport): string {
  const counters = Object.entries(report.counters)
    .filter(([, count]) => count > 0)
    .map(([phase, count]) => `${phase} ${count}`)
    .join(', ');
  const lines = [
    `session: ${report.session}${report.exists ? '' : ' (not created yet)'}`,
    `state: ${report.state}`,
    `iterations: ${report.totalIterations}${counters ? ` (${counters})` : ''}`,
  ];
  if (report.reason) lines.push(`reason: ${report.reason}`);
  if (report.completion) lines.push(`completion: ${report.completion}`);
  if (report.lastSignal) {
    const last = report.lastSignal;
    lines.push(
      `last signal: #${last.iteration} in ${last.sourcePhase}: ${last.event} ${last.accepted ? 'accepted' : `rejected${last.rejection ? ` (${last.rejection})` : ''}`}`,
    );
  }
  lines.push(
    report.worker.isRunning
      ? `worker: running (pid ${report.worker.pid ?? '?'} on ${report.worker.host ?? '?'} since ${report.worker.since ?? '?'})`
      : `worker: none${report.worker.pid ? ` (stale lock of pid ${report.worker.pid})` : ''}`,
  );
  lines.push(
    `cost so far: $${report.costUsd.toFixed(4)}${report.isCostEstimated ? ' (estimated)' : ''} (${report.tokens.input} in / ${report.tokens.output} out tokens)${report.billing.length > 0 ? `, billed to ${report.billing.join(', ')}` : ''}`,
  );
  for (const line of report.budgets) {
    lines.push(
      `budget ${line.scope} ${GRANT_KEY[line.kind]}: ${renderAmount(line.kind, line.spent)} of ${renderAmount(line.kind, line.cap)}`,
    );
  }
  if (report.corruptHistoryLines > 0)
    lines.push(`history: ${report.corruptHistoryLines} corrupt line(s) skipped`);
  if (report.flowLog.length > 0) lines.push('recent flow:', ...report.flowLog.map((line) => `  ${line}`));
  return `${lines.join('\n')}\n`;
}
