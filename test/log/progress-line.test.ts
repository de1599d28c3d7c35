import { describe, expect, it } from 'vitest';
import { formatDuration, formatTokens } from '../../src/log/figures.js';
import {
  renderHeartbeat,
  renderIterationEnd,
  renderIterationStart,
  renderProgressLine,
  renderRetryNotice,
} from '../../src/log/progress-line.js';
import type { Progress } from '../../src/providers/types.js';
import { formatCost } from '../../src/text/cost-text.js';
import { report } from './fixtures/attempt-report.js';

const progress: Progress = {
  phase: 'implementation',
  iteration: 12,
  attempt: 2,
  provider: 'claude',
  model: 'opus',
  startedAt: 1_000,
  toolCalls: 14,
  inputTokens: 10_000,
  outputTokens: 2_345,
  costUsd: 0.4249,
  costBasis: 'reported',
};

describe('progress line', () => {
  it('shows phase, iteration, attempt, elapsed, tool calls, tokens and cost', () => {
    expect(renderProgressLine(progress, 1_000 + 185_400)).toBe(
      'implementation · iteration 12 · attempt 2 · 3m 05s · 14 tool calls · 12.3k tokens · $0.42',
    );
  });

  it('shows the CLI waiting to retry instead of the figures, and a notice line for it', () => {
    const retrying = {
      ...progress,
      retry: {
        attempt: 3,
        maxRetries: 10,
        delayMs: 2_400,
        reason: 'cannot reach the API',
        isUnreachable: true,
      },
    };
    expect(renderProgressLine(retrying, 1_000 + 65_000)).toBe(
      'implementation · iteration 12 · attempt 2 · 1m 05s · CLI retrying: cannot reach the API (retry 3 of 10, next in 2.4 s)',
    );
    expect(renderRetryNotice(retrying)).toBe(
      'implementation: iteration 12 attempt 2: the CLI is retrying its API request: cannot reach the API (retry 3 of 10, next in 2.4 s)',
    );
  });

  it('has plain start and end lines for logs that are not a terminal', () => {
    expect(renderIterationStart(progress)).toBe('implementation: iteration 12 attempt 2 started');
    expect(renderIterationEnd(report)).toBe(
      'implementation: iteration 12 attempt 2 ended: success · 3m 05s · 12.3k tokens · $0.42',
    );
  });

  it('names the provider of an attempt on the fallback, on every line', () => {
    const onCodex = { ...progress, provider: 'codex', model: '', isFallback: true } as const;
    expect(renderProgressLine(onCodex, 1_000 + 185_400)).toBe(
      'implementation · iteration 12 · attempt 2 on codex (fallback) · 3m 05s · 14 tool calls · 12.3k tokens · $0.42',
    );
    expect(renderIterationStart(onCodex)).toBe(
      'implementation: iteration 12 attempt 2 on codex (fallback) started',
    );
    expect(renderIterationEnd({ ...report, provider: 'codex', isFallback: true })).toBe(
      'implementation: iteration 12 attempt 2 on codex (fallback) ended: success · 3m 05s · 12.3k tokens · $0.42',
    );
  });

  it('has a heartbeat line with the figures so far and the last tool with its age', () => {
    const now = 1_000 + 185_400;
    expect(
      renderHeartbeat({ ...progress, lastTool: 'Bash' }, now, { name: 'Bash', at: now - 80_000 }, 3),
    ).toBe(
      'implementation: iteration 12 attempt 2 of 3 still running · 3m 05s · 14 tool calls · 12.3k tokens · $0.42 · last tool Bash 1m 20s ago',
    );
    expect(renderHeartbeat({ ...progress, toolCalls: 0, costBasis: 'none' }, 61_000, undefined)).toBe(
      'implementation: iteration 12 attempt 2 still running · 1m 00s · 0 tool calls · 12.3k tokens · n/a · no tool call yet',
    );
  });

  it('has a heartbeat that says the CLI is retrying instead of the figures, and names the fallback', () => {
    const retrying: Progress = {
      ...progress,
      provider: 'codex',
      isFallback: true,
      retry: {
        attempt: 3,
        maxRetries: 10,
        delayMs: 2_400,
        reason: 'cannot reach the API',
        isUnreachable: true,
      },
    };
    expect(renderHeartbeat(retrying, 1_000 + 65_000, { name: 'shell', at: 0 }, 3)).toBe(
      'implementation: iteration 12 attempt 2 of 3 on codex (fallback) still running · 1m 05s · the CLI is retrying its API request: cannot reach the API (retry 3 of 10, next in 2.4 s)',
    );
  });

  it.each([
    [0, '0s'],
    [59_999, '59s'],
    [60_000, '1m 00s'],
    [3_600_000 + 120_000, '1h 02m'],
  ])('formats %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([
    [999, '999'],
    [1_000, '1.0k'],
    [2_500_000, '2.5M'],
  ])('formats %i tokens as %s', (count, text) => {
    expect(formatTokens(count)).toBe(text);
  });

  it('formats cost in dollars with cents, an estimate with ≈, and no reported cost as n/a', () => {
    expect(formatCost(0)).toBe('$0.00');
    expect(formatCost(12.345)).toBe('$12.35');
    expect(formatCost(0.0336, 'estimated')).toBe('≈$0.03 (estimated)');
    expect(formatCost(0, 'none')).toBe('n/a');
  });

  it('says which attempt of how many when the limit is known', () => {
    expect(renderIterationStart(progress, 3)).toBe('implementation: iteration 12 attempt 2 of 3 started');
    expect(renderProgressLine({ ...progress, costBasis: 'none' }, 186_000, 3)).toBe(
      'implementation · iteration 12 · attempt 2 of 3 · 3m 05s · 14 tool calls · 12.3k tokens · n/a',
    );
  });
});
