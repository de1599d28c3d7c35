/** The worst-case line `run` logs at its start: each figure with what bounds it, and how to tighten it. */
import { describe, expect, it } from 'vitest';
import { NO_CAPS, type SpendCaps } from '../../machines/budget.js';
import { PHASE_REGISTRY } from '../../machines/phases.js';
import type { StateOf } from '../../machines/sub-states.js';
import { defaultSettings, type WorkflowSettings } from '../../machines/workflow.js';
import { boundWallMs, buildPlanReport, renderPlanLine } from '../../src/runner/plan-report.js';

const HOUR = 3_600_000;

function reportOf(
  caps: SpendCaps = NO_CAPS,
  settings: Partial<WorkflowSettings> = {},
  state: StateOf = { phase: 'init', sub: 'running' },
  timeoutMs = 1_800_000,
) {
  return buildPlanReport({
    settings: { ...defaultSettings(PHASE_REGISTRY), caps, ...settings },
    timeoutMs,
    state,
    context: undefined,
    caps,
    spent: { costUsd: 0, tokens: 0, ms: 0 },
    isCostEstimated: false,
  });
}

describe('the worst-case line', () => {
  it('says what bounds each figure and which flags cap what is uncapped', () => {
    // 538 attempts × 1800 s + 179 × 15 s backoff + 6 h = 992,685 s.
    expect(renderPlanLine(reportOf())).toBe(
      'worst case from init.running (a limit, not an estimate): 178 iterations (the phase budgets), 538 attempts (3 per iteration), 275.7 h (1800 s per attempt, a usage-limit wait of up to 6.0 h), cost uncapped; to cap it, run with --max-cost 5 or --max-hours 2 (samocode plan shows the whole bound)',
    );
  });

  it('with a cost and a provider-time cap, bounds the wall time by the cap and gives no advice', () => {
    const report = reportOf({ session: { costUsd: 5, ms: 2 * HOUR }, phases: {} });
    // 2 h + the last iteration's 3 + 1 attempts × 1800 s + 179 × 15 s backoff + 6 h = 38,685 s.
    expect(boundWallMs(report)).toBe(38_685_000);
    expect(renderPlanLine(report)).toBe(
      'worst case from init.running (a limit, not an estimate): 178 iterations (the phase budgets), 538 attempts (3 per iteration), 10.7 h (provider time capped at 2.0 h, a usage-limit wait of up to 6.0 h), cost capped at $5.00',
    );
  });

  it('names the missing cap alone, the token cap when set, and leaves out a usage-limit wait of 0', () => {
    const costOnly = reportOf(
      { session: { costUsd: 0.5, tokens: 100_000 }, phases: {} },
      { maxSuspendMs: 0 },
    );
    expect(renderPlanLine(costOnly)).toBe(
      'worst case from init.running (a limit, not an estimate): 178 iterations (the phase budgets), 538 attempts (3 per iteration), 269.7 h (1800 s per attempt), cost capped at $0.50, tokens capped at 100000; to cap it, run with --max-hours 2 (samocode plan shows the whole bound)',
    );
  });

  it('counts the attempt that moves to a fallback provider in the last iteration under a time cap', () => {
    const withFallback = reportOf(
      { session: { ms: HOUR }, phases: {} },
      { fallbackAfterMs: 900_000, maxSuspendMs: 0 },
    );
    // 1 h + (3 + 1 + 1) × 1800 s + 179 × 15 s backoff.
    expect(boundWallMs(withFallback)).toBe(HOUR + 5 * 1_800_000 + 179 * 15_000);
    expect(renderPlanLine(withFallback)).toContain(
      '539 attempts (3 per iteration), 4.2 h (provider time capped at 60 min)',
    );
  });

  it('says minutes and seconds below an hour and a half, as every duration samocode prints', () => {
    const demo = reportOf(
      { session: { ms: 0.5 * HOUR }, phases: {} },
      { maxAttempts: 2, retryDelayMs: 0, maxSuspendMs: 60_000 },
      { phase: 'init', sub: 'running' },
      120_000,
    );
    expect(renderPlanLine(demo)).toContain(
      '359 attempts (2 per iteration), 37 min (provider time capped at 30 min, a usage-limit wait of up to 60 s)',
    );
  });

  it('keeps the whole bound when a time cap is larger than it', () => {
    const report = reportOf({ session: { ms: 1_000 * HOUR }, phases: {} });
    expect(boundWallMs(report)).toBe(report.bound.wallMs);
  });

  it('says nothing more runs for a completed session', () => {
    expect(renderPlanLine(reportOf(NO_CAPS, {}, { phase: 'completed' }))).toBe(
      'worst case from completed (a limit, not an estimate): nothing more runs',
    );
  });
});
