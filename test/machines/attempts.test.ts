/**
 * Inside one iteration: attempts, reminders, back-off, usage-limit suspension and the parked
 * states a human leaves with `resume`, checked on live actors down to the context they record.
 */
import { describe, expect, it } from 'vitest';
import type { IterationEndedEvent } from '../../machines/events.js';
import { PHASE_REGISTRY } from '../../machines/phases.js';
import {
  backoffMs,
  budgetsOf,
  defaultSettings,
  initialContext,
  remainingBudget,
} from '../../machines/workflow.js';
import { startWorkflow } from '../helpers/workflow-harness.js';

const registry = PHASE_REGISTRY;
const transient = { type: 'agent.failed', kind: 'transient', outcome: 'overloaded', message: '529' } as const;
const fatal = { type: 'agent.failed', kind: 'fatal', outcome: 'auth', message: 'Invalid API key' } as const;
const starts = (run: ReturnType<typeof startWorkflow>) =>
  run.started.map(
    (input) => `${input.phase}#${input.iteration}.${input.attempt}${input.reminder ? '!' : ''}`,
  );

describe('settings and context a run starts from', () => {
  it('defaults: no auto-approve, not once, 3 attempts, 5 s back-off, 6 h suspension cap, the registry budgets, no jitter, no fallback, no progress blocks at 3, no escalation', () => {
    const settings = defaultSettings(registry);
    expect({ ...settings, jitter: settings.jitter() }).toStrictEqual({
      autoApprove: false,
      once: false,
      maxAttempts: 3,
      retryDelayMs: 5_000,
      maxSuspendMs: 21_600_000,
      budgets: budgetsOf(registry),
      jitter: 1,
      verify: false,
      caps: { session: {}, phases: {} },
      noProgressIterations: 3,
      escalate: false,
    });
    expect(budgetsOf(registry)).toStrictEqual(
      Object.fromEntries(Object.entries(registry).map(([phase, spec]) => [phase, spec.maxIterations])),
    );
  });

  it('a fresh context has spent nothing', () => {
    const zero = {
      init: 0,
      investigation: 0,
      requirements: 0,
      planning: 0,
      implementation: 0,
      testing: 0,
      quality: 0,
      done: 0,
    };
    expect(initialContext()).toStrictEqual({
      iterations: zero,
      allowance: zero,
      totalIterations: 0,
      attempt: 1,
      reminded: false,
      spend: {
        session: { costUsd: 0, tokens: 0, ms: 0 },
        phases: Object.fromEntries(
          Object.keys(zero).map((phase) => [phase, { costUsd: 0, tokens: 0, ms: 0 }]),
        ),
        largest: { costUsd: 0, tokens: 0, ms: 0 },
        isEstimated: false,
      },
      granted: { costUsd: 0, tokens: 0, ms: 0 },
    });
  });

  it('remaining budget is budget plus allowance minus spent', () => {
    const context = {
      ...initialContext(),
      iterations: { ...initialContext().iterations, testing: 7 },
      allowance: { ...initialContext().allowance, testing: 20 },
    };
    expect(remainingBudget(context, 'testing', budgetsOf(registry))).toBe(
      registry.testing.maxIterations + 13,
    );
  });

  it('back-off: the base for attempts 1 and 2, then doubling, scaled by jitter and rounded', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => backoffMs(attempt, 1000, 1))).toEqual([
      1000, 1000, 2000, 4000, 8000,
    ]);
    expect(backoffMs(2, 1001, 0.5)).toBe(501);
    expect(backoffMs(3, 1000, 0.75)).toBe(1500);
  });
});

describe('attempts within one iteration', () => {
  it('a transient failure retries after the back-off with the next attempt; the iteration is not spent', () => {
    const run = startWorkflow(registry, { retryDelayMs: 1000, jitter: () => 0.5 });
    run.send(transient);
    expect(run.value()).toEqual({ init: 'retrying' });
    expect(run.context().failure).toStrictEqual({ outcome: 'overloaded', kind: 'transient', message: '529' });
    expect(run.context().attempt).toBe(2);
    expect(run.clock.pending()).toEqual([500]);
    run.clock.fireAll();
    run.send(transient);
    expect(run.clock.pending()).toEqual([1000]);
    run.clock.fireAll();
    expect(starts(run)).toEqual(['init#1.1', 'init#1.2', 'init#1.3']);
    expect(run.context().iterations.init).toBe(0);
    run.send(transient);
    expect(run.value()).toEqual({ init: 'failed' });
    expect(run.context().attempt).toBe(4);
  });

  it('a fatal failure fails at once and keeps the attempt; resume runs the iteration again from attempt 1', () => {
    const run = startWorkflow(registry);
    run.send(fatal);
    expect(run.value()).toEqual({ init: 'failed' });
    expect(run.context().failure).toStrictEqual({
      outcome: 'auth',
      kind: 'fatal',
      message: 'Invalid API key',
    });
    expect(run.context().attempt).toBe(1);
    run.send({ type: 'approve' });
    expect(run.value()).toEqual({ init: 'failed' });
    run.send({ type: 'resume' });
    expect(run.value()).toEqual({ init: 'running' });
    expect(run.context().failure).toBeUndefined();
    expect(starts(run)).toEqual(['init#1.1', 'init#1.1']);
  });

  it('with one attempt a transient failure fails at once', () => {
    const run = startWorkflow(registry, { maxAttempts: 1 });
    run.send(transient);
    expect(run.value()).toEqual({ init: 'failed' });
  });

  it('a missing signal is retried once with a reminder, then blocks naming both attempts', () => {
    const run = startWorkflow(registry, { maxAttempts: 5, retryDelayMs: 700 });
    run.send({ type: 'agent.noSignal' });
    expect(run.value()).toEqual({ init: 'retrying' });
    expect(run.context().reminded).toBe(true);
    expect(run.clock.pending()).toEqual([700]);
    run.clock.fireAll();
    run.send({ type: 'agent.noSignal' });
    expect(run.value()).toEqual({ init: 'blocked' });
    expect(run.context().blocked?.reason).toContain('in 2 attempt(s)');
    expect(run.context().blocked?.needs).toBe('error_resolution');
    expect(starts(run)).toEqual(['init#1.1', 'init#1.2!']);
    run.send({ type: 'resume' });
    expect(starts(run).at(-1)).toBe('init#2.1');
    expect(run.context().blocked).toBeUndefined();
  });

  it('a missing signal on the last attempt blocks without a reminder', () => {
    const run = startWorkflow(registry, { maxAttempts: 2 });
    run.send(transient);
    run.clock.fireAll();
    run.send({ type: 'agent.noSignal' });
    expect(run.value()).toEqual({ init: 'blocked' });
    expect(run.context().blocked?.reason).toContain('in 2 attempt(s)');
  });

  it('an iteration that ends resets attempts and the reminder for the next one', () => {
    const run = startWorkflow(registry);
    run.send({ type: 'agent.noSignal' });
    run.clock.fireAll();
    run.send({ type: 'signal.continue' });
    expect(run.context()).toMatchObject({ attempt: 1, reminded: false, totalIterations: 1 });
    expect(starts(run)).toEqual(['init#1.1', 'init#1.2!', 'init#2.1']);
  });
});

describe('the next iteration forgets the last one', () => {
  it.each([
    ['a retried failure', transient, 'failure'],
    [
      'a usage-limit suspension',
      { type: 'agent.limited', waitMs: 10, message: 'limit', at: 0 },
      'suspension',
    ],
  ] as const)('%s is cleared when the iteration ends', (_name, event, field) => {
    const run = startWorkflow(registry);
    run.send(event);
    run.clock.fireAll();
    expect(run.value()).toEqual({ init: 'running' });
    expect(run.context()[field]).toBeDefined();
    run.send({ type: 'signal.continue' });
    expect(run.context()[field]).toBeUndefined();
  });
});

describe('usage limits', () => {
  const limited = { type: 'agent.limited', waitMs: 60_000, message: 'limit reached', at: 0 } as const;

  it('suspends for the wait the provider named, up to and including the cap, and records it', () => {
    const run = startWorkflow(registry, { maxSuspendMs: 60_000 });
    run.send(limited);
    expect(run.value()).toEqual({ init: 'suspended' });
    expect(run.context().suspension).toStrictEqual({ waitMs: 60_000, message: 'limit reached' });
    expect(run.clock.pending()).toEqual([60_000]);
    run.clock.fireAll();
    expect(run.value()).toEqual({ init: 'running' });
    expect(starts(run)).toEqual(['init#1.1', 'init#1.1']);
  });

  it('keeps the reset time when known', () => {
    const run = startWorkflow(registry);
    run.send({ ...limited, resetsAt: '2026-11-24T18:00:00Z' });
    expect(run.context().suspension).toStrictEqual({
      waitMs: 60_000,
      message: 'limit reached',
      resetsAt: '2026-11-24T18:00:00Z',
    });
  });

  it('fails as a fatal usage_limit one millisecond past the cap', () => {
    const run = startWorkflow(registry, { maxSuspendMs: 59_999 });
    run.send(limited);
    expect(run.value()).toEqual({ init: 'failed' });
    expect(run.context().failure).toStrictEqual({
      outcome: 'usage_limit',
      kind: 'fatal',
      message:
        'usage limit, in 60 s, beyond the 59.999 s samocode waits (SAMOCODE_MAX_SUSPEND); run again after the reset',
    });
  });

  it.each([
    ['retrying', transient],
    ['suspended', limited],
  ] as const)('resume leaves %s at once, with the park cleared', (state, event) => {
    const run = startWorkflow(registry);
    run.send(event);
    expect(run.value()).toEqual({ init: state });
    run.send({ type: 'resume' });
    expect(run.value()).toEqual({ init: 'running' });
    expect(run.clock.pending()).toEqual([]);
  });
});

describe('what parked states record', () => {
  it('a wait records its reason and summary; resume clears them', () => {
    const run = startWorkflow(registry);
    for (const target of ['investigation', 'requirements'] as const)
      run.send({ type: 'signal.continue', target });
    run.send({ type: 'signal.waiting', for: 'qa_answers', summary: 'three questions' });
    expect(run.context().waiting).toStrictEqual({ for: 'qa_answers', summary: 'three questions' });
    run.send({ type: 'resume' });
    expect(run.context().waiting).toBeUndefined();
    run.send({ type: 'signal.waiting', for: 'qa_answers' });
    expect(run.context().waiting).toStrictEqual({ for: 'qa_answers' });
  });

  it('the approval gate records the pending target and clears it on approve', () => {
    const run = startWorkflow(registry);
    for (const target of ['investigation', 'requirements', 'planning'] as const) {
      run.send({ type: 'signal.continue', target });
    }
    run.send({ type: 'signal.waiting', for: 'plan_approval', summary: 'plan.md' });
    expect(run.context()).toMatchObject({
      pendingTarget: 'implementation',
      waiting: { for: 'plan_approval', summary: 'plan.md' },
    });
    expect(run.context().autoApproved).toBeUndefined();
    run.send({ type: 'approve' });
    expect(run.context().pendingTarget).toBeUndefined();
    expect(run.context().waiting).toBeUndefined();
    expect(run.context().iterations.planning).toBe(1);
  });

  it('done records the summary and ends the session', () => {
    const run = startWorkflow(registry);
    const route = ['investigation', 'requirements', 'planning'] as const;
    for (const target of route) run.send({ type: 'signal.continue', target });
    run.send({ type: 'approve' });
    expect(run.value()).toEqual({ planning: 'running' });
    run.send({ type: 'signal.continue', target: 'implementation' });
    run.send({ type: 'approve' });
    for (const target of ['quality', 'done'] as const) run.send({ type: 'signal.continue', target });
    run.send({ type: 'signal.done', summary: 'shipped' });
    expect(run.actor.getSnapshot().status).toBe('done');
    expect(run.context().summary).toBe('shipped');
    expect(run.context().totalIterations).toBe(7);
  });
});

describe('no progress', () => {
  const same = { type: 'signal.continue', progressMark: 'm1' } as const;

  it('counts the iterations of one phase that end with the same mark', () => {
    const run = startWorkflow(registry);
    run.send(same);
    expect(run.context().progress).toStrictEqual({ key: 'm1', phase: 'init', streak: 1 });
    run.send(same);
    expect(run.context().progress).toStrictEqual({ key: 'm1', phase: 'init', streak: 2 });
    run.send({ type: 'signal.continue', progressMark: 'm2' });
    expect(run.context().progress).toStrictEqual({ key: 'm2', phase: 'init', streak: 1 });
    // The same mark in another phase starts a new streak.
    run.send({ type: 'signal.continue', target: 'investigation', progressMark: 'm2' });
    expect(run.context().progress).toStrictEqual({ key: 'm2', phase: 'init', streak: 2 });
    run.send({ type: 'signal.continue', progressMark: 'm2' });
    expect(run.context().progress).toStrictEqual({ key: 'm2', phase: 'investigation', streak: 1 });
    run.send({ type: 'signal.continue' });
    expect(run.context().progress).toBeUndefined();
    expect(run.value()).toEqual({ investigation: 'running' });
  });

  it('blocks at the limit, ending and counting the iteration; the signal is the event that ended it', () => {
    const run = startWorkflow(registry, { noProgressIterations: 3 });
    const ended: IterationEndedEvent[] = [];
    run.actor.on('iteration.ended', (event) => ended.push(event));
    run.send(same);
    run.send(same);
    expect(run.value()).toEqual({ init: 'running' });
    run.send(same);
    expect(run.value()).toEqual({ init: 'blocked' });
    expect(run.context().blocked).toStrictEqual({
      rule: 'no-progress',
      reason:
        "rule 8 (no-progress): no progress: 3 iterations of 'init' in a row changed nothing (the worktree's HEAD and git status, the session folder's documents and the signal stayed the same); look at the agent's logs, then run again",
      needs: 'human_decision',
    });
    expect(run.context().iterations.init).toBe(3);
    expect(ended.map((end) => `${end.phase}#${end.iteration} ${end.event.type}`)).toEqual([
      'init#1 signal.continue',
      'init#2 signal.continue',
      'init#3 signal.continue',
    ]);
    run.send({ type: 'resume' });
    expect(run.value()).toEqual({ init: 'running' });
    expect(run.context().progress).toBeUndefined();
  });

  it('is off at a limit of 0, and a signal without a mark (outside git) never counts', () => {
    const off = startWorkflow(registry, { noProgressIterations: 0 });
    for (let i = 0; i < 4; i += 1) off.send(same);
    expect(off.value()).toEqual({ init: 'running' });
    const unmarked = startWorkflow(registry, { noProgressIterations: 1 });
    unmarked.send({ type: 'signal.continue' });
    expect(unmarked.value()).toEqual({ init: 'running' });
    unmarked.send(same);
    expect(unmarked.value()).toEqual({ init: 'blocked' });
  });

  it('stops only a loop: a wait or a block with the same mark keeps its own meaning', () => {
    const run = startWorkflow(registry, { noProgressIterations: 1 });
    for (const target of ['investigation', 'requirements'] as const)
      run.send({ type: 'signal.continue', target });
    run.send({ type: 'signal.waiting', for: 'qa_answers', progressMark: 'm1' });
    expect(run.value()).toEqual({ requirements: 'awaitingAnswers' });
    run.send({ type: 'resume' });
    run.send({ type: 'signal.blocked', reason: 'no db', needs: 'environment', progressMark: 'm1' });
    expect(run.context().blocked?.rule).toBe('agent');
  });
});
