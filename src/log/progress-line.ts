/** Pure renderings of one iteration's live figures: the TTY status line and the plain lines. */
import type { AttemptReport, Progress } from '../providers/types.js';
import { formatCost, formatDuration, formatTokens } from './figures.js';

/** `implementation · iteration 12 · attempt 1 · 3m 05s · 14 tool calls · 12.3k tokens · $0.42` */
export function renderProgressLine(progress: Progress, now: number): string {
  return [
    progress.phase,
    `iteration ${progress.iteration}`,
    `attempt ${progress.attempt}`,
    formatDuration(now - progress.startedAt),
    `${progress.toolCalls} tool call${progress.toolCalls === 1 ? '' : 's'}`,
    `${formatTokens(progress.inputTokens + progress.outputTokens)} tokens`,
    formatCost(progress.costUsd),
  ].join(' · ');
}

export function renderIterationStart(progress: Progress): string {
  return `${progress.phase}: iteration ${progress.iteration} attempt ${progress.attempt} started`;
}

export function renderIterationEnd(report: AttemptReport): string {
  return [
    `${report.phase}: iteration ${report.iteration} attempt ${report.attempt} ended: ${report.outcome}`,
    formatDuration(report.durationMs),
    `${formatTokens(report.inputTokens + report.outputTokens)} tokens`,
    formatCost(report.costUsd),
  ].join(' · ');
}
