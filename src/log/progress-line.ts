/** Pure renderings of one iteration's live figures: the TTY status line and the plain lines. */
import type { CliRetry } from '../providers/stream-figures.js';
import type { AttemptReport, Progress } from '../providers/types.js';
import { renderAttempt } from '../runner/retry-text.js';
import { formatCost } from '../text/cost-text.js';
import { formatDuration, formatTokens } from './figures.js';

/** ` on codex (fallback)` for an attempt on the fallback provider; nothing otherwise. */
const onFallback = (ranOn: Progress | AttemptReport): string =>
  ranOn.isFallback ? ` on ${ranOn.provider} (fallback)` : '';

/** `cannot reach the API (retry 2 of 10, next in 1.2 s)` */
export function renderCliRetry(retry: CliRetry): string {
  const count =
    retry.maxRetries === undefined
      ? `retry ${retry.attempt}`
      : `retry ${retry.attempt} of ${retry.maxRetries}`;
  const delay = retry.delayMs === undefined ? '' : `, next in ${(retry.delayMs / 1000).toFixed(1)} s`;
  return `${retry.reason} (${count}${delay})`;
}

/** The plain line for a retry the CLI announced, printed as it happens. */
export function renderRetryNotice(
  progress: Progress & { readonly retry: CliRetry },
  maxAttempts?: number,
): string {
  return `${progress.phase}: iteration ${progress.iteration} ${renderAttempt(progress.attempt, maxAttempts)}: the CLI is retrying its API request: ${renderCliRetry(progress.retry)}`;
}

/** `implementation · iteration 12 · attempt 1 of 3 · 3m 05s · 14 tool calls · 12.3k tokens · $0.42` */
export function renderProgressLine(progress: Progress, now: number, maxAttempts?: number): string {
  const head = [
    progress.phase,
    `iteration ${progress.iteration}`,
    `${renderAttempt(progress.attempt, maxAttempts)}${onFallback(progress)}`,
    formatDuration(now - progress.startedAt),
  ];
  if (progress.retry !== undefined)
    return [...head, `CLI retrying: ${renderCliRetry(progress.retry)}`].join(' · ');
  return [
    ...head,
    `${progress.toolCalls} tool call${progress.toolCalls === 1 ? '' : 's'}`,
    `${formatTokens(progress.inputTokens + progress.outputTokens)} tokens`,
    formatCost(progress.costUsd, progress.costBasis),
  ].join(' · ');
}

/** When the latest tool call came, for the heartbeat: its name and the time it was first seen. */
export interface LastTool {
  readonly name: string;
  readonly at: number;
}

/**
 * The heartbeat: a running iteration's figures so far, for a run without a terminal.
 *
 * @example
 * renderHeartbeat(progress, now, { name: 'Bash', at: now - 80_000 }, 3)
 * // 'implementation: iteration 12 attempt 1 of 3 still running · 3m 05s · 14 tool calls · 12.3k tokens · $0.42 · last tool Bash 1m 20s ago'
 */
export function renderHeartbeat(
  progress: Progress,
  now: number,
  lastTool: LastTool | undefined,
  maxAttempts?: number,
): string {
  const head = [
    `${progress.phase}: iteration ${progress.iteration} ${renderAttempt(progress.attempt, maxAttempts)}${onFallback(progress)} still running`,
    formatDuration(now - progress.startedAt),
  ];
  if (progress.retry !== undefined)
    return [...head, `the CLI is retrying its API request: ${renderCliRetry(progress.retry)}`].join(' · ');
  return [
    ...head,
    `${progress.toolCalls} tool call${progress.toolCalls === 1 ? '' : 's'}`,
    `${formatTokens(progress.inputTokens + progress.outputTokens)} tokens`,
    formatCost(progress.costUsd, progress.costBasis),
    lastTool === undefined
      ? 'no tool call yet'
      : `last tool ${lastTool.name} ${formatDuration(now - lastTool.at)} ago`,
  ].join(' · ');
}

export function renderIterationStart(progress: Progress, maxAttempts?: number): string {
  return `${progress.phase}: iteration ${progress.iteration} ${renderAttempt(progress.attempt, maxAttempts)}${onFallback(progress)} started`;
}

export function renderIterationEnd(report: AttemptReport, maxAttempts?: number): string {
  return [
    `${report.phase}: iteration ${report.iteration} ${renderAttempt(report.attempt, maxAttempts)}${onFallback(report)} ended: ${report.outcome}`,
    formatDuration(report.durationMs),
    `${formatTokens(report.inputTokens + report.outputTokens)} tokens`,
    formatCost(report.costUsd, report.costBasis),
  ].join(' · ');
}
