/** `samocode ls`: sessions ordered by what they need, as a table or JSON. Pure. */
import { ATTENTION } from '../view/attention.js';
import type { SessionSummary } from './session-summary.js';

/** Needs-a-human first (in attention order), then the most recently changed. */
export function orderSessions<T extends SessionSummary>(sessions: readonly T[]): T[] {
  return [...sessions].sort(
    (a, b) =>
      ATTENTION.indexOf(a.attention) - ATTENTION.indexOf(b.attention) ||
      b.lastChange.localeCompare(a.lastChange) ||
      a.session.localeCompare(b.session),
  );
}

/** "42s", "5m", "3h", "2d" ago. */
export function renderAge(changedAt: string, nowMs: number): string {
  const seconds = Math.max(0, Math.round((nowMs - Date.parse(changedAt)) / 1000));
  if (seconds < 90) return `${seconds}s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)}m`;
  if (seconds < 36 * 3600) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86_400)}d`;
}

const HEADERS = ['SESSION', 'NEEDS', 'PHASE', 'MODEL', 'ITER', 'SPEND', 'PID', 'CHANGED', 'STATE'] as const;

const clip = (text: string, width: number): string =>
  text.length > width ? `${text.slice(0, width - 1)}…` : text;

export function renderSessionList(sessions: readonly SessionSummary[]): string {
  if (sessions.length === 0) return 'no sessions yet\n';
  const rows = sessions.map((s) => [
    s.session,
    s.needsHuman ? `human: ${s.attention}` : s.attention,
    s.phase || '-',
    s.modelText,
    String(s.iterations.total),
    s.spend.costText,
    s.worker.isRunning ? (s.worker.name ?? String(s.worker.pid ?? '?')) : '-',
    s.changedText,
    clip(s.headline, 90),
  ]);
  const widths = HEADERS.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  const notes = sessions.flatMap((s) => s.problems.map((problem) => `  ${s.session}: ${problem}`));
  return `${[line(HEADERS), ...rows.map(line), ...(notes.length > 0 ? ['problems:', ...notes] : [])].join('\n')}\n`;
}
