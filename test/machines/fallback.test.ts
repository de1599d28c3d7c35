/**
 * Provider fallback on a live actor with a simulated clock: the machine's timers run on the
 * `SimulatedClock`, and every event the test sends carries its time (`at`), as the provider actor
 * and the runner stamp theirs; the machine reads no other clock. A reset "hours ahead" passes when
 * the test sets the clock.
 */
import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, createActor, fromCallback, SimulatedClock } from 'xstate';
import type { WorkflowEvent } from '../../machines/events.js';
import {
  DEFAULT_FALLBACK_AFTER_MS,
  fallbackUntilOf,
  isPrimaryDueFirst,
  limitWaitMs,
  roleAt,
  shouldFallBack,
} from '../../machines/fallback.js';
import { PHASE_REGISTRY } from '../../machines/phases.js';
import { MAX_TIMER_MS } from '../../machines/waits.js';
import {
  buildWorkflow,
  defaultSettings,
  initialContext,
  type ProviderInput,
  type WorkflowContext,
  type WorkflowSettings,
} from '../../machines/workflow.js';

const T0 = Date.UTC(2026, 10, 24, 12, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const limited = (waitMs: number) => ({ type: 'agent.limited', waitMs, message: 'limit', at: 0 }) as const;

function startWithClock(
  overrides: Partial<WorkflowSettings> = {},
  snapshot?: AnyMachineSnapshot,
  clock = new SimulatedClock(),
) {
  if (clock.now() < T0) clock.set(T0);
  const started: ProviderInput[] = [];
  const provider = fromCallback<WorkflowEvent, ProviderInput>(({ input }) => {
    started.push(input);
  });
  const settings: WorkflowSettings = {
    ...defaultSettings(PHASE_REGISTRY),
    fallbackAfterMs: 15 * MINUTE,
    maxSuspendMs: 6 * HOUR,
    retryDelayMs: 0,
    ...overrides,
  };
  const machine = buildWorkflow(PHASE_REGISTRY, settings).provide({ actors: { provider } });
  const actor = createActor(machine, { clock, ...(snapshot ? { snapshot } : {}) }).start();
  return {
    clock,
    machine,
    /** Sends the event stamped with the clock's time. */
    send: (event: WorkflowEvent) => actor.send({ ...event, at: clock.now() }),
    value: () => actor.getSnapshot().value,
    context: () => actor.getSnapshot().context as WorkflowContext,
    /** `init#1.1 primary`: phase, iteration, attempt and provider of every attempt started. */
    starts: () =>
      started.map((input) => `${input.phase}#${input.iteration}.${input.attempt} ${input.provider}`),
  };
}

describe('a usage limit of the primary with a fallback configured', () => {
  it('that resets later than the threshold retries the attempt at once on the fallback, until the reset', () => {
    const run = startWithClock();
    run.send(limited(2 * HOUR));
    expect(run.value()).toEqual({ init: 'running' });
    expect(run.starts()).toEqual(['init#1.1 primary', 'init#1.1 fallback']);
    expect(run.context()).toMatchObject({
      provider: 'fallback',
      fallbackUntil: T0 + 2 * HOUR,
      limitsInARow: 1,
    });
    expect(run.context().suspension).toBeUndefined();
    // Iterations go on on the fallback while the primary's reset is ahead.
    run.clock.set(T0 + 2 * HOUR - 1);
    run.send({ type: 'signal.continue', target: 'investigation' });
    expect(run.starts().at(-1)).toBe('investigation#2.1 fallback');
  });

  it('goes back to the primary for the first attempt after the reset', () => {
    const run = startWithClock();
    run.send(limited(2 * HOUR));
    run.send({ type: 'signal.continue' });
    run.clock.set(T0 + 2 * HOUR);
    run.send({ type: 'signal.continue', target: 'investigation' });
    expect(run.starts()).toEqual([
      'init#1.1 primary',
      'init#1.1 fallback',
      'init#2.1 fallback',
      'investigation#3.1 primary',
    ]);
    expect(run.context().provider).toBeUndefined();
    expect(run.context().fallbackUntil).toBeUndefined();
  });

  it('that resets sooner than the threshold waits on the primary, as without a fallback', () => {
    const run = startWithClock();
    run.send(limited(15 * MINUTE - 1));
    expect(run.value()).toEqual({ init: 'suspended' });
    expect(run.context().suspension?.waitMs).toBe(15 * MINUTE - 1);
    run.clock.increment(15 * MINUTE - 1);
    expect(run.value()).toEqual({ init: 'running' });
    expect(run.starts()).toEqual(['init#1.1 primary', 'init#1.1 primary']);
    expect(run.context().fallbackUntil).toBeUndefined();
  });

  it('exactly at the threshold moves to the fallback', () => {
    const run = startWithClock();
    run.send(limited(15 * MINUTE));
    expect(run.starts()).toEqual(['init#1.1 primary', 'init#1.1 fallback']);
  });

  it('records the reset time the provider named, when it named one', () => {
    const run = startWithClock();
    run.send({ ...limited(2 * HOUR), resetsAt: new Date(T0 + 2 * HOUR + 1_234).toISOString() });
    expect(run.context().fallbackUntil).toBe(T0 + 2 * HOUR + 1_234);
  });

  it('beyond the suspension cap still moves to the fallback (the cap bounds waits, not the fallback)', () => {
    const run = startWithClock({ maxSuspendMs: HOUR });
    run.send(limited(30 * HOUR));
    expect(run.value()).toEqual({ init: 'running' });
    expect(run.context().fallbackUntil).toBe(T0 + 30 * HOUR);
  });

  it('without a fallback configured suspends as before, whatever the reset', () => {
    const run = startWithClock({ fallbackAfterMs: undefined });
    run.send(limited(2 * HOUR));
    expect(run.value()).toEqual({ init: 'suspended' });
    expect(run.context().fallbackUntil).toBeUndefined();
    expect(run.starts()).toEqual(['init#1.1 primary']);
  });
});

describe('a usage limit on the fallback', () => {
  it('waits for its own reset when that comes first, then goes on on the fallback', () => {
    const run = startWithClock();
    run.send(limited(2 * HOUR));
    run.clock.increment(10 * MINUTE);
    const ownReset = new Date(T0 + 40 * MINUTE).toISOString();
    run.send({ ...limited(30 * MINUTE), resetsAt: ownReset });
    expect(run.value()).toEqual({ init: 'suspended' });
    expect(run.context().suspension?.waitMs).toBe(30 * MINUTE);
    // The fallback's own reset is the one it waits for, not the primary's.
    expect(run.context().suspension?.resetsAt).toBe(ownReset);
    run.clock.increment(30 * MINUTE);
    expect(run.value()).toEqual({ init: 'running' });
    expect(run.starts()).toEqual(['init#1.1 primary', 'init#1.1 fallback', 'init#1.1 fallback']);
  });

  it('waits only until the primary resets when that comes first, then runs the primary', () => {
    const run = startWithClock();
    run.send(limited(2 * HOUR));
    run.clock.increment(30 * MINUTE);
    run.send(limited(5 * HOUR));
    expect(run.value()).toEqual({ init: 'suspended' });
    expect(run.context().suspension?.waitMs).toBe(90 * MINUTE);
    expect(run.context().suspension?.resetsAt).toBe(new Date(T0 + 2 * HOUR).toISOString());
    run.clock.increment(90 * MINUTE);
    expect(run.value()).toEqual({ init: 'running' });
    expect(run.starts()).toEqual(['init#1.1 primary', 'init#1.1 fallback', 'init#1.1 primary']);
    expect(run.context().fallbackUntil).toBeUndefined();
  });

  it("runs the primary after that wait though the timer's event carries no time of its own", () => {
    const run = startWithClock();
    run.send(limited(2 * HOUR));
    run.send(limited(5 * HOUR));
    // The timer ends the wait; the machine takes its time from the limit that started it.
    run.clock.increment(2 * HOUR);
    expect(run.starts()).toEqual(['init#1.1 primary', 'init#1.1 fallback', 'init#1.1 primary']);
  });

  it('never moves to the fallback again while on it, however long its own reset is', () => {
    const run = startWithClock();
    run.send(limited(2 * HOUR));
    run.send(limited(4 * HOUR));
    expect(run.value()).toEqual({ init: 'suspended' });
    expect(run.starts()).toEqual(['init#1.1 primary', 'init#1.1 fallback']);
  });

  it('checks the cap against the wait it serves: the primary resets within the cap though the fallback does not', () => {
    const run = startWithClock({ maxSuspendMs: 3 * HOUR });
    run.send(limited(2 * HOUR));
    run.send(limited(40 * HOUR));
    expect(run.value()).toEqual({ init: 'suspended' });
    expect(run.context().suspension?.waitMs).toBe(2 * HOUR);
  });

  it('fails, naming the wait it would serve, when even the primary resets beyond the cap', () => {
    const run = startWithClock({ maxSuspendMs: HOUR });
    run.send(limited(3 * HOUR));
    run.send({ ...limited(40 * HOUR), resetsAt: new Date(T0 + 40 * HOUR).toISOString() });
    expect(run.value()).toEqual({ init: 'failed' });
    expect(run.context().failure?.message).toBe(
      'usage limit, in 3.0 h, beyond the 60 min samocode waits (SAMOCODE_MAX_SUSPEND); run again after the reset',
    );
  });

  it('counts with the limits in a row: the fallback is one of them, so the two cannot trade limits forever', () => {
    const run = startWithClock({ maxLimitsInARow: 2 });
    run.send(limited(2 * HOUR));
    expect(run.context().limitsInARow).toBe(1);
    run.send(limited(MINUTE));
    expect(run.value()).toEqual({ init: 'failed' });
    expect(run.context().failure?.outcome).toBe('usage_limit');
  });
});

describe('a fallback across parks and restarts', () => {
  it('a human resume during the fallback keeps it until the reset', () => {
    const run = startWithClock();
    run.send(limited(2 * HOUR));
    run.send({ type: 'agent.failed', kind: 'fatal', outcome: 'auth', message: '401' });
    expect(run.value()).toEqual({ init: 'failed' });
    run.send({ type: 'resume' });
    expect(run.starts().at(-1)).toBe('init#1.1 fallback');
  });

  it('a restored session forgets a primary reset the last run kept when this run has no fallback', () => {
    const machine = buildWorkflow(PHASE_REGISTRY, defaultSettings(PHASE_REGISTRY));
    const parked = machine.resolveState({
      value: { init: 'failed' },
      context: { ...initialContext(), fallbackUntil: T0 + HOUR },
    });
    const run = startWithClock({ fallbackAfterMs: undefined }, parked);
    run.send({ type: 'resume' });
    expect(run.starts()).toEqual(['init#1.1 primary']);
    expect(run.context().fallbackUntil).toBeUndefined();
  });

  it('a restored session runs the primary when this run has no fallback configured', () => {
    const machine = buildWorkflow(PHASE_REGISTRY, defaultSettings(PHASE_REGISTRY));
    const parked = machine.resolveState({
      value: { init: 'failed' },
      context: { ...initialContext(), provider: 'fallback', fallbackUntil: T0 + HOUR },
    });
    const run = startWithClock({ fallbackAfterMs: undefined }, parked);
    run.send({ type: 'resume' });
    expect(run.starts()).toEqual(['init#1.1 primary']);
    expect(run.context().fallbackUntil).toBeUndefined();
  });
});

describe('the fallback rules', () => {
  it('default threshold is 15 minutes', () => {
    expect(DEFAULT_FALLBACK_AFTER_MS).toBe(900_000);
  });

  it.each([
    [{}, true, 4_999, 'primary'],
    [{ fallbackUntil: 5_000 }, true, 4_999, 'fallback'],
    [{ fallbackUntil: 5_000 }, true, 5_000, 'primary'],
    [{ fallbackUntil: 5_000 }, false, 4_999, 'primary'],
    // No time known (an event without one, before any attempt ended): a fallback in force stays.
    [{ fallbackUntil: 5_000 }, true, undefined, 'fallback'],
    [{}, true, undefined, 'primary'],
  ] as const)('roleAt(%j, %s, %s) is %s', (state, after, now, role) => {
    expect(roleAt(state, after, now)).toBe(role);
  });

  it.each([
    [{}, 900_000, 900_000, true],
    [{}, 900_000, 899_999, false],
    [{ provider: 'fallback' }, 900_000, 10 * HOUR, false],
    [{}, undefined, 10 * HOUR, false],
  ] as const)('shouldFallBack(%j, %s, %i) is %s', (state, after, waitMs, expected) => {
    expect(shouldFallBack(state, after, waitMs)).toBe(expected);
  });

  it('rounds the wait until the primary resets up, so it never ends before the reset', () => {
    expect(limitWaitMs({ provider: 'fallback', fallbackUntil: 10_000.5 }, 60_000, 4_000)).toBe(6_001);
    expect(limitWaitMs({ provider: 'fallback', fallbackUntil: 1_000 }, 60_000, 4_000)).toBe(0);
    expect(limitWaitMs({ fallbackUntil: 10_000 }, 60_000, 4_000)).toBe(60_000);
    // The primary's reset already served (cleared): the fallback's own wait.
    expect(limitWaitMs({ provider: 'fallback' }, 60_000, 4_000)).toBe(60_000);
  });

  it.each([
    [{ provider: 'fallback', fallbackUntil: 10_000 }, 6_000, true],
    [{ provider: 'fallback', fallbackUntil: 10_000 }, 5_999, false],
    [{ fallbackUntil: 10_000 }, 60_000, false],
    [{ provider: 'fallback' }, 60_000, false],
  ] as const)('isPrimaryDueFirst(%j, wait %i, at 4 s) is %s', (state, waitMs, expected) => {
    expect(isPrimaryDueFirst(state, waitMs, 4_000)).toBe(expected);
  });

  it.each([
    [{ waitMs: 60_000, resetsAt: '2026-11-24T17:05:00.000Z' }, Date.parse('2026-11-24T17:05:00.000Z')],
    [{ waitMs: 60_000, resetsAt: 'not a date' }, 1_060_000],
    [{ waitMs: 60_000 }, 1_060_000],
    [{ waitMs: Number.POSITIVE_INFINITY }, 1_000_000 + MAX_TIMER_MS],
  ] as const)('fallbackUntilOf(%j) at 1000 s is %i', (limit, until) => {
    expect(fallbackUntilOf(limit, 1_000_000)).toBe(until);
  });
});
