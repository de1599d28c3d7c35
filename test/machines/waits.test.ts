import { describe, expect, it } from 'vitest';
import { clampWaitMs, MAX_TIMER_MS } from '../../machines/waits.js';
import { registryUnderTest } from '../helpers/registry-mutations.js';
import { startWorkflow } from '../helpers/workflow-harness.js';

const registry = registryUnderTest();
const limit = (waitMs: number) => ({ type: 'agent.limited' as const, waitMs, message: 'limit', at: 0 });

describe('clampWaitMs', () => {
  it.each([
    [-3_600_000, 5_000],
    [0, 5_000],
    [4_999, 5_000],
    [90_000, 90_000],
    [1e16, MAX_TIMER_MS],
    [Number.POSITIVE_INFINITY, MAX_TIMER_MS],
    [Number.NaN, MAX_TIMER_MS],
  ])('holds %d within [5 s, the timer limit] → %d', (waitMs, expected) => {
    expect(clampWaitMs(waitMs, { floorMs: 5_000, capMs: Number.MAX_SAFE_INTEGER })).toBe(expected);
  });

  it('never returns more than a timer holds, nor a floor above the cap', () => {
    expect(clampWaitMs(10, { floorMs: 3e9, capMs: 4e9 })).toBe(2_147_483_647);
    expect(clampWaitMs(10, { floorMs: 500, capMs: 100 })).toBe(100);
  });
});

describe('usage-limit waits in the machine', () => {
  it('floors a reset in the past at the retry delay (never below 1 s)', () => {
    const run = startWorkflow(registry, { retryDelayMs: 7_000 });
    run.send(limit(0));
    expect(run.value()).toEqual({ init: 'suspended' });
    expect(run.clock.pending()).toEqual([7_000]);
    const noDelay = startWorkflow(registry, { retryDelayMs: 0 });
    noDelay.send(limit(0));
    expect(noDelay.clock.pending()).toEqual([1_000]);
  });

  it('caps a wait past the timer range (a huge SAMOCODE_MAX_SUSPEND) instead of overflowing to 1 ms', () => {
    const run = startWorkflow(registry, { maxSuspendMs: Number.MAX_SAFE_INTEGER });
    run.send(limit(30 * 86_400_000));
    expect(run.clock.pending()).toEqual([MAX_TIMER_MS]);
  });

  it('caps a retry backoff past the timer range', () => {
    const run = startWorkflow(registry, { retryDelayMs: 3e9 });
    run.send({ type: 'agent.failed', kind: 'transient', outcome: 'network', message: 'down' });
    expect(run.clock.pending()).toEqual([MAX_TIMER_MS]);
  });

  it('fails on the 5th usage limit in a row, saying so', () => {
    const run = startWorkflow(registry);
    for (let i = 0; i < 4; i += 1) {
      run.send(limit(0));
      expect(run.value()).toEqual({ init: 'suspended' });
      run.clock.fireAll();
    }
    run.send(limit(0));
    expect(run.value()).toEqual({ init: 'failed' });
    expect(run.context().failure).toEqual({
      outcome: 'usage_limit',
      kind: 'fatal',
      message:
        'hit a usage limit 5 times in a row without finishing an iteration (last: limit); run again once the limit has really reset',
    });
    expect(run.started).toHaveLength(5);
  });

  it('a last usage limit that waits exactly the suspension cap fails for the count, not the wait', () => {
    const run = startWorkflow(registry, { maxSuspendMs: 60_000, maxLimitsInARow: 2 });
    run.send(limit(60_000));
    expect(run.value()).toEqual({ init: 'suspended' });
    run.clock.fireAll();
    run.send(limit(60_000));
    expect(run.value()).toEqual({ init: 'failed' });
    expect(run.context().failure?.message).toBe(
      'hit a usage limit 2 times in a row without finishing an iteration (last: limit); run again once the limit has really reset',
    );
  });

  it('starts the count again after a finished iteration and after a human resume', () => {
    const run = startWorkflow(registry, { maxLimitsInARow: 2 });
    run.send(limit(0));
    run.clock.fireAll();
    run.send({ type: 'signal.continue', target: 'investigation' });
    run.send(limit(0));
    expect(run.value()).toEqual({ investigation: 'suspended' });
    run.clock.fireAll();
    run.send(limit(0));
    expect(run.value()).toEqual({ investigation: 'failed' });
    run.send({ type: 'resume' });
    run.send(limit(0));
    expect(run.value()).toEqual({ investigation: 'suspended' });
  });
});
