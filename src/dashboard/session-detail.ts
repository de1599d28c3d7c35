/** What the dashboard shows for one session: its summary, where it is in the machine, its history and spend. Pure. */
import { toStateOf } from '../../machines/sub-states.js';
import type { SessionFiles } from '../fleet/read-session-files.js';
import { buildSessionSummary, type SessionSummary, type SummaryPlace } from '../fleet/session-summary.js';

/** The newest rows shown; older ones are counted. */
export const HISTORY_ROWS = 100;

export interface HistoryLine {
  readonly time: string;
  readonly iteration: number;
  readonly phase: string;
  readonly event: string;
  readonly accepted: boolean;
  readonly note: string;
  readonly state: string;
  readonly outcome: string;
  readonly attempts: number;
  readonly durationS: number;
  readonly costUsd: number;
  readonly tokens: string;
}

export interface SessionDetail {
  readonly summary: SessionSummary;
  /** The current top-level state and sub-state ('' when none). */
  readonly at: { readonly phase: string; readonly sub: string };
  readonly iterationsByPhase: Readonly<Record<string, number>>;
  /** Newest first. */
  readonly history: readonly HistoryLine[];
  readonly olderRows: number;
}

function noteOf(row: SessionFiles['rows'][number]): string {
  if (row.rejection) return `${row.rejection.rule}: ${row.rejection.reason}`;
  return row.target ? `→ ${row.target}` : '';
}

export function buildSessionDetail(files: SessionFiles, place: SummaryPlace): SessionDetail {
  const summary = buildSessionSummary(files, place);
  const state = files.state ? toStateOf(files.state.snapshot.value) : undefined;
  const at = { phase: state?.phase ?? '', sub: state?.sub ?? '' };
  const iterationsByPhase: Record<string, number> = { ...files.state?.snapshot.context.iterations };
  const newest = files.rows.slice(-HISTORY_ROWS).reverse();
  return {
    summary,
    at,
    iterationsByPhase,
    history: newest.map((row) => ({
      time: row.time,
      iteration: row.iteration,
      phase: row.sourcePhase,
      event: row.event,
      accepted: row.accepted,
      note: noteOf(row),
      state: row.state,
      outcome: row.outcome,
      attempts: row.attempts,
      durationS: Math.round(row.durationMs / 100) / 10,
      costUsd: row.costUsd,
      tokens: `${row.tokens.input}/${row.tokens.output}`,
    })),
    olderRows: Math.max(0, files.rows.length - HISTORY_ROWS),
  };
}
