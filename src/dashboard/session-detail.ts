/**
 * What the dashboard shows for one session: its summary (the session view), where it is in the
 * machine, its facts and its history, every value already in the words and formats samocode
 * prints, so the page only places text. Pure.
 */
import { toStateOf } from '../../machines/sub-states.js';
import type { SessionFiles } from '../fleet/read-session-files.js';
import { buildSessionSummary, type SessionSummary, type SummaryPlace } from '../fleet/session-summary.js';
import { costBasisOfRows, formatCost } from '../text/cost-text.js';
import { EVENT_WORDS, isWorkflowEventType, withoutRulePrefix } from '../view/view-words.js';

/** The newest rows shown; older ones are counted. */
export const HISTORY_ROWS = 100;

export interface HistoryLine {
  readonly time: string;
  /** `12-01 10:00:00`. */
  readonly timeText: string;
  readonly iteration: number;
  readonly phase: string;
  /** The machine event (JSON); `eventText` says it in plain words. */
  readonly event: string;
  readonly eventText: string;
  readonly accepted: boolean;
  /** Where the signal moved the session, or why it was refused. */
  readonly note: string;
  /** The machine state after the iteration. */
  readonly state: string;
  readonly outcome: string;
  readonly attempts: number;
  readonly durationS: number;
  readonly durationText: string;
  readonly costUsd: number;
  readonly costText: string;
  readonly tokens: string;
}

/** One labelled fact of the session card. */
export interface Fact {
  readonly label: string;
  readonly value: string;
}

export interface SessionDetail {
  readonly summary: SessionSummary;
  /** The current top-level state and sub-state ('' when none), to light up the diagram. */
  readonly at: { readonly phase: string; readonly sub: string };
  readonly iterationsByPhase: Readonly<Record<string, number>>;
  readonly facts: readonly Fact[];
  /** Newest first. */
  readonly history: readonly HistoryLine[];
  readonly olderRows: number;
  /** `4`, or `100 (+3 older)`. */
  readonly historyCountText: string;
}

type Row = SessionFiles['rows'][number];

function noteOf(row: Row): string {
  if (row.rejection) return `refused: ${withoutRulePrefix(row.rejection.rule, row.rejection.reason)}`;
  return row.target ? `→ ${row.target}` : '';
}

function lineOf(row: Row): HistoryLine {
  const durationS = Math.round(row.durationMs / 100) / 10;
  const words = isWorkflowEventType(row.event) ? EVENT_WORDS[row.event] : row.event;
  return {
    time: row.time,
    timeText: row.time.slice(5, 19).replace('T', ' '),
    iteration: row.iteration,
    phase: row.sourcePhase,
    event: row.event,
    eventText: row.accepted ? words : `${words} (refused)`,
    accepted: row.accepted,
    note: noteOf(row),
    state: row.state,
    outcome: row.outcome,
    attempts: row.attempts,
    durationS,
    durationText: `${durationS} s`,
    costUsd: row.costUsd,
    costText: formatCost(row.costUsd, costBasisOfRows([row])),
    tokens: `${row.tokens.input}/${row.tokens.output}`,
  };
}

/** A shared store's worker by name, a local run by its pid. */
function workerText(worker: SessionSummary['worker']): string {
  if (!worker.isRunning) return 'none';
  return worker.name ?? `pid ${worker.pid ?? '?'}`;
}

function factsOf(summary: SessionSummary): Fact[] {
  return [
    ...(summary.models ? [{ label: 'models', value: summary.models.text }] : []),
    { label: 'iterations', value: String(summary.iterations.total) },
    { label: 'spend', value: summary.spend.costText },
    { label: 'tokens', value: `${summary.spend.tokens.input} in / ${summary.spend.tokens.output} out` },
    { label: 'worker', value: workerText(summary.worker) },
    { label: 'changed', value: summary.changedText },
  ];
}

export function buildSessionDetail(files: SessionFiles, place: SummaryPlace): SessionDetail {
  const summary = buildSessionSummary(files, place);
  const state = files.state ? toStateOf(files.state.snapshot.value) : undefined;
  const newest = files.rows.slice(-HISTORY_ROWS).reverse();
  const olderRows = Math.max(0, files.rows.length - HISTORY_ROWS);
  return {
    summary,
    at: { phase: state?.phase ?? '', sub: state?.sub ?? '' },
    iterationsByPhase: summary.iterations.perPhase,
    facts: factsOf(summary),
    history: newest.map(lineOf),
    olderRows,
    historyCountText: `${newest.length}${olderRows > 0 ? ` (+${olderRows} older)` : ''}`,
  };
}
