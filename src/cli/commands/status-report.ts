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
import { roleAt } from '../../../machines/fallback.js';
import { PHASES } from '../../../machines/phases.js';
import type { Receipt } from '../../../machines/receipt.js';
import {
  COMPLETED,
  renderState,
  renderStateValue,
  type StateOf,
  type SubState,
  toStateOf,
} from '../../../machines/sub-states.js';
import { EXIT } from '../../exit-codes.js';
import type { CostBasis } from '../../providers/types.js';
import { type EndPlace, renderEndParts } from '../../runner/end-message.js';
import { iterationsRun } from '../../runner/iteration-count.js';
import type { ProviderNames } from '../../runner/provider-switch.js';
import type { HistoryRow } from '../../session/history.js';
import type { LockStatus } from '../../session/lock.js';
import type { SessionState } from '../../session/snapshot-store.js';
import { costBasisOfRows, formatCost } from '../../text/cost-text.js';
import { completionOf, describeCompletion } from '../../verify/completion-text.js';
import type { WorkState } from '../../verify/work-state.js';

export interface StatusReport {
  readonly session: string;
  readonly dir: string;
  readonly exists: boolean;
  readonly phase: string;
  readonly subState: string;
  readonly state: string;
  /** Iterations run per phase, the running or failed one included (the overview's `Iteration`). */
  readonly counters: Readonly<Record<string, number>>;
  /** Iterations the session has run, the running or failed one included (the overview's `Total Iterations`). */
  readonly totalIterations: number;
  readonly reason?: string;
  /** What to do now, with the command and the files by their full path. */
  readonly next?: string;
  /** The last iteration's history row: the signal it ended with, or the failure that ended it. */
  readonly lastSignal?: {
    readonly time: string;
    readonly iteration: number;
    readonly sourcePhase: string;
    readonly event: string;
    readonly accepted: boolean;
    readonly rawSignal: string | null;
    readonly rejection: string | null;
    /** The provider that ran the iteration's last attempt. */
    readonly provider: string;
    /** That was the fallback provider. */
    readonly isFallback: boolean;
    readonly outcome: string;
    readonly attempts: number;
  };
  /** Who runs the attempts: the configured providers, and which one the next attempt uses. */
  readonly providers?: ProviderStatus;
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

export interface ProviderStatus {
  readonly primary: string;
  readonly fallback?: string;
  /** The provider the next attempt runs on. */
  readonly current: string;
  /** While attempts run on the fallback: when the primary's usage limit resets (ISO time). */
  readonly primaryLimitedUntil?: string;
}

export interface StatusInput {
  readonly folder: string;
  readonly dir: string;
  readonly exists: boolean;
  readonly state: SessionState | undefined;
  readonly rows: readonly HistoryRow[];
  readonly skipped: number;
  /** What kept a session file from being read whole (the history's tail only, a FIFO, a symlink). */
  readonly fileProblems?: readonly string[];
  readonly lock: LockStatus;
  readonly flowLog: readonly string[];
  /** The worktree's git state now, for a completion the agent only claimed. */
  readonly work?: WorkState;
  readonly caps?: SpendCaps;
  /** The providers as configured now; with `now`, they say which one the next attempt uses. */
  readonly providers?: ProviderNames;
  readonly now?: Date;
  /** Where the session is, for the `next:` line (its command, plan file, branch and worktree). */
  readonly place?: EndPlace;
}

/** The fallback runs while the primary's limit lasts; a session restored without a fallback runs the primary. */
function providerStatus(names: ProviderNames, context: SavedContext, now: Date): ProviderStatus {
  const role = roleAt(context, names.fallback !== undefined, now.getTime());
  const until = context.fallbackUntil;
  return {
    primary: names.primary,
    ...(names.fallback ? { fallback: names.fallback } : {}),
    current: role === 'fallback' && names.fallback ? names.fallback : names.primary,
    ...(role === 'fallback' && until !== undefined
      ? { primaryLimitedUntil: new Date(until).toISOString() }
      : {}),
  };
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

/** Sub-states a run only passes through: a session left in one had its run stopped mid-iteration. */
const IS_MID_ITERATION: Readonly<Record<SubState, boolean>> = {
  running: true,
  verifying: true,
  retrying: true,
  suspended: true,
  paused: false,
  awaitingHuman: false,
  awaitingApproval: false,
  blocked: false,
  failed: false,
};

/** What to do now: a live run is followed; a stopped one gets the end message's `next`, with its command. */
function nextOf(input: StatusInput, state: StateOf | undefined, context: SavedContext): string | undefined {
  if (input.lock.isLive) return `it is running; follow it with: tail -f ${input.dir}/session.log`;
  if (state === undefined || input.place === undefined) return undefined;
  const isMidIteration = state.sub !== undefined && IS_MID_ITERATION[state.sub];
  const code = isMidIteration ? EXIT.interrupted : EXIT.complete;
  return renderEndParts(code, state, context, input.place, input.work).next;
}

export function buildStatusReport(input: StatusInput): StatusReport {
  const context = readSavedContext(input.state?.snapshot.context);
  const place = placeOf(input.state);
  const known = input.state ? toStateOf(input.state.snapshot.value) : undefined;
  const run = iterationsRun(known, context);
  const last = input.rows.at(-1);
  const reason = place.sub === undefined ? undefined : REASON_IN[place.sub](context);
  const next = nextOf(input, known, context);
  const isCompleted = place.text === COMPLETED;
  const completion = isCompleted ? describeCompletion(completionOf(context.receipt, input.work)) : undefined;
  const costUsd = Math.round(input.rows.reduce((sum, row) => sum + row.costUsd, 0) * 1e6) / 1e6;
  return {
    session: input.folder,
    dir: input.dir,
    exists: input.exists,
    phase: place.phase,
    subState: place.sub ?? '',
    state: place.text,
    counters: run.perPhase,
    totalIterations: run.total,
    ...(reason ? { reason } : {}),
    ...(next ? { next } : {}),
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
            provider: last.provider,
            isFallback: last.fallback === true,
            outcome: last.outcome,
            attempts: last.attempts,
          },
        }
      : {}),
    ...(input.providers
      ? { providers: providerStatus(input.providers, context, input.now ?? new Date()) }
      : {}),
    worker: {
      isRunning: input.lock.isLive,
      ...(input.lock.holder
        ? { pid: input.lock.holder.pid, host: input.lock.holder.host, since: input.lock.holder.startedAt }
        : {}),
    },
    flowLog: input.flowLog,
    costUsd,
    tokens: {
      input: input.rows.reduce((sum, row) => sum + row.tokens.input, 0),
      output: input.rows.reduce((sum, row) => sum + row.tokens.output, 0),
    },
    iterationsRecorded: input.rows.length,
    corruptHistoryLines: input.skipped,
    fileProblems: [...(input.fileProblems ?? []), ...(input.lock.problem ? [input.lock.problem] : [])],
    isCostEstimated: context.spend?.isEstimated ?? input.rows.some((row) => row.costEstimated === true),
    costBasis: costBasisOfRows(input.rows),
    providerMs: context.spend?.session.ms ?? input.rows.reduce((sum, row) => sum + row.durationMs, 0),
    budgets: budgetLines(input.caps ?? NO_CAPS, context, input.rows),
    billing: [...new Set(input.rows.flatMap((row) => (row.billing ? row.billing.split('+') : [])))],
    ...(completion ? { completion } : {}),
    ...(context.receipt ? { receipt: context.receipt } : {}),
  };
}

/** `codex, the fallback, until claude's usage limit resets at 2026-11-24T17:05:00.000Z` or `claude (fallback: codex)`. */
function renderProviders(providers: ProviderStatus): string {
  if (providers.primaryLimitedUntil !== undefined)
    return `${providers.current}, the fallback, until ${providers.primary}'s usage limit resets at ${providers.primaryLimitedUntil}`;
  return providers.fallback === undefined
    ? providers.primary
    : `${providers.primary} (fallback: ${providers.fallback})`;
}

/** `#3 in planning: signal.continue accepted (ran on claude)`, or `#1 in init: agent.failed (crash, 3 attempts)` for an iteration that ended without a signal. */
function renderLastIteration(last: NonNullable<StatusReport['lastSignal']>): string {
  const where = `#${last.iteration} in ${last.sourcePhase}: ${last.event}`;
  const ranOn = `ran on ${last.provider}${last.isFallback ? ', the fallback' : ''}`;
  if (last.rawSignal === null && !last.event.startsWith('signal.') && !last.event.startsWith('verify.'))
    return `${where} (${last.outcome}, ${last.attempts} attempt${last.attempts === 1 ? '' : 's'}, ${ranOn})`;
  return `${where} ${last.accepted ? 'accepted' : `rejected${last.rejection ? ` (${last.rejection})` : ''}`} (${ranOn})`;
}

export function renderStatusReport(report: StatusReport): string {
  const counters = Object.entries(report.counters)
    .filter(([, count]) => count > 0)
    .map(([phase, count]) => `${phase} ${count}`)
    .join(', ');
  const lines = [
    `session: ${report.session}${report.exists ? '' : ' (not created yet)'}`,
    `folder: ${report.dir}`,
    `state: ${report.state}`,
    `iterations: ${report.totalIterations}${counters ? ` (${counters})` : ''}`,
  ];
  if (report.reason) lines.push(`reason: ${report.reason}`);
  if (report.providers) lines.push(`provider: ${renderProviders(report.providers)}`);
  if (report.completion) lines.push(`completion: ${report.completion}`);
  if (report.next) lines.push(`next: ${report.next}`);
  if (report.lastSignal) lines.push(`last iteration: ${renderLastIteration(report.lastSignal)}`);
  lines.push(
    report.worker.isRunning
      ? `worker: running (pid ${report.worker.pid ?? '?'} on ${report.worker.host ?? '?'} since ${report.worker.since ?? '?'})`
      : `worker: none${report.worker.pid ? ` (stale lock of pid ${report.worker.pid})` : ''}`,
  );
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
