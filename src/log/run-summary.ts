/** The end-of-run summary: iterations, time, tokens and cost per phase, from the attempt reports. */
import { PHASES } from '../../machines/phases.js';
import type { AttemptReport, CostBasis } from '../providers/types.js';
import { formatCost, sumCostBasis } from '../text/cost-text.js';
import { formatDuration, formatTokens } from './figures.js';

export interface PhaseTotals {
  readonly phase: string;
  readonly iterations: number;
  readonly attempts: number;
  readonly durationMs: number;
  readonly tokens: number;
  readonly costUsd: number;
  readonly costBasis: CostBasis;
}

export interface RunSummary {
  readonly phases: readonly PhaseTotals[];
  readonly total: PhaseTotals;
}

function totalsOf(phase: string, reports: readonly AttemptReport[]): PhaseTotals {
  return {
    phase,
    iterations: new Set(reports.map((report) => report.iteration)).size,
    attempts: reports.length,
    durationMs: reports.reduce((sum, report) => sum + report.durationMs, 0),
    tokens: reports.reduce((sum, report) => sum + report.inputTokens + report.outputTokens, 0),
    costUsd: reports.reduce((sum, report) => sum + report.costUsd, 0),
    costBasis: sumCostBasis(reports.map((report) => report.costBasis)),
  };
}

/** Phases in workflow order; phases with no attempt are left out. */
export function buildRunSummary(reports: readonly AttemptReport[]): RunSummary {
  const known: readonly string[] = PHASES;
  const names = [...PHASES, ...new Set(reports.map((r) => r.phase).filter((p) => !known.includes(p)))];
  const phases = names
    .map((phase) =>
      totalsOf(
        phase,
        reports.filter((report) => report.phase === phase),
      ),
    )
    .filter((totals) => totals.attempts > 0);
  return { phases, total: totalsOf('total', reports) };
}

export function renderRunSummary(summary: RunSummary): string {
  const rows = [...summary.phases, summary.total].map((t) => [
    t.phase,
    String(t.iterations),
    String(t.attempts),
    formatDuration(t.durationMs),
    formatTokens(t.tokens),
    formatCost(t.costUsd, t.costBasis),
  ]);
  const header = ['phase', 'iterations', 'attempts', 'time', 'tokens', 'cost'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  return ['run summary', line(header), ...rows.map(line)].join('\n');
}
