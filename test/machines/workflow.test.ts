import { describe, expect, it } from 'vitest';
import { backoffMs, initialContext, type WorkflowContext } from '../../machines/workflow.js';
import { registryUnderTest } from '../helpers/registry-mutations.js';
import { startWorkflow } from '../helpers/workflow-harness.js';

const registry = registryUnderTest();

describe('a whole session', () => {
  it('walks init → done with Q&A, plan approval and a quality loop, spawning one provider per iteration', () => {
    const run = startWorkflow(registry);
    run.send({ type: 'signal.continue', target: 'investigation' });
    run.send({ type: 'signal.continue', target: 'requirements' });
    run.send({ type: 'signal.waiting', for: 'qa_answers' });
    expect(run.value()).toEqual({ requirements: 'awaitingAnswers' });
    run.send({ type: 'resume' });
    run.send({ type: 'signal.continue', target: 'planning' });
    run.send({ type: 'signal.waiting', target: 'planning', for: 'plan_approval' });
    expect(run.value()).toEqual({ planning: 'awaitingApproval' });
    run.send({ type: 'approve' });
    expect(run.value()).toEqual({ implementation: 'running' });
    run.send({ type: 'signal.continue' });
    run.send({ type: 'signal.continue', target: 'testing' });
    run.send({ type: 'signal.continue', target: 'quality' });
    run.send({ type: 'signal.continue', target: 'testing' });
    run.send({ type: 'signal.continue', target: 'done' });
    run.send({ type: 'signal.done', summary: 'shipped' });
    const snapshot = run.actor.getSnapshot();
    expect(snapshot.value).toBe('completed');
    expect(snapshot.status).toBe('done');
    expect(run.context().summary).toBe('shipped');
    expect(run.context().totalIterations).toBe(11);
    expect(run.started.map((input) => `${input.phase}#${input.iteration}`)).toEqual([
      'init#1',
      'investigation#2',
      'requirements#3',
      'requirements#4',
      'planning#5',
      'implementation#6',
      'implementation#7',
      'testing#8',
      'quality#9',
      'testing#10',
      'done#11',
    ]);
  });

  it('crosses the plan gate by itself with autoApprove, and notes it', () => {
    const run = startWorkflow(registry, { autoApprove: true }, undefined);
    run.send({ type: 'signal.continue', target: 'investigation' });
    run.send({ type: 'signal.continue', target: 'requirements' });
    run.send({ type: 'signal.continue', target: 'planning' });
    run.send({ type: 'signal.waiting', for: 'plan_approval' });
    expect(run.value()).toEqual({ implementation: 'running' });
    expect(run.context().autoApproved).toBe(true);
  });

  it('crosses the plan gate on a continue with autoApprove, spending the planning iteration', () => {
    const run = startWorkflow(registry, { autoApprove: true });
    for (const target of ['investigation', 'requirements', 'planning', 'implementation'] as const) {
      run.send({ type: 'signal.continue', target });
    }
    expect(run.value()).toEqual({ implementation: 'running' });
    expect(run.context().autoApproved).toBe(true);
    expect(run.context().iterations.planning).toBe(1);
    expect(run.context().pendingTarget).toBeUndefined();
  });

  it('parks a continue out of planning at the approval gate instead of crossing it', () => {
    const run = startWorkflow(registry);
    for (const target of ['investigation', 'requirements', 'planning'] as const) {
      run.send({ type: 'signal.continue', target });
    }
    run.send({ type: 'signal.continue', target: 'implementation' });
    expect(run.value()).toEqual({ planning: 'awaitingApproval' });
    expect(run.context().pendingTarget).toBe('implementation');
  });
});

describe('iteration budgets', () => {
  it('blocks init before a sixth iteration, and a resume grants another budget', () => {
    const run = startWorkflow(registry);
    for (let iteration = 0; iteration < 5; iteration++) run.send({ type: 'signal.continue' });
    expect(run.value()).toEqual({ init: 'blocked' });
    expect(run.context().blocked?.rule).toBe('budget-exhausted');
    expect(run.context().blocked?.needs).toBe('human_decision');
    expect(run.started).toHaveLength(5);
    run.send({ type: 'resume' });
    expect(run.value()).toEqual({ init: 'running' });
    expect(run.context().allowance.init).toBe(5);
    for (let iteration = 0; iteration < 5; iteration++) run.send({ type: 'signal.continue' });
    expect(run.context().blocked?.reason).toBe(
      "rule 8 (budget-exhausted): 'init' has used 10 iterations, all that it is allowed (its budget of 5 plus 5 granted by earlier runs); running samocode again allows 5 more",
    );
  });

  it('counts testing iterations across the testing ⇄ quality loop and blocks on re-entry', () => {
    const context: WorkflowContext = {
      ...initialContext(),
      iterations: { ...initialContext().iterations, testing: 20 },
    };
    const run = startWorkflow(registry, {}, undefined);
    run.actor.stop();
    const machine = run.machine;
    const restored = machine.resolveState({ value: { quality: 'running' }, context });
    const again = startWorkflow(registry, {}, restored);
    again.send({ type: 'signal.continue', target: 'testing' });
    expect(again.value()).toEqual({ testing: 'blocked' });
    expect(again.context().blocked?.reason).toBe(
      "rule 8 (budget-exhausted): 'testing' has used 20 iterations, all that it is allowed (its budget of 20); running samocode again allows 20 more",
    );
  });
});

describe('attempts', () => {
  it('retries a transient failure with backoff, then fails when attempts run out', () => {
    const run = startWorkflow(registry, { maxAttempts: 2, retryDelayMs: 1000 });
    run.send({ type: 'agent.failed', kind: 'transient', outcome: 'overloaded', message: '529' });
    expect(run.value()).toEqual({ init: 'retrying' });
    expect(run.clock.pending()).toEqual([1000]);
    run.clock.fireAll();
    expect(run.value()).toEqual({ init: 'running' });
    expect(run.started.map((input) => input.attempt)).toEqual([1, 2]);
    run.send({ type: 'agent.failed', kind: 'transient', outcome: 'overloaded', message: '529' });
    expect(run.value()).toEqual({ init: 'failed' });
    expect(run.context().failure?.outcome).toBe('overloaded');
  });

  it('stops at once on a fatal failure', () => {
    const run = startWorkflow(registry);
    run.send({ type: 'agent.failed', kind: 'fatal', outcome: 'auth', message: 'Invalid API key' });
    expect(run.value()).toEqual({ init: 'failed' });
    expect(run.started).toHaveLength(1);
  });

  it('retries a missing signal once with a reminder, then blocks saying so', () => {
    const run = startWorkflow(registry);
    run.send({ type: 'agent.noSignal' });
    run.clock.fireAll();
    expect(run.started.map((input) => input.reminder)).toEqual([false, true]);
    run.send({ type: 'agent.noSignal' });
    expect(run.value()).toEqual({ init: 'blocked' });
    expect(run.context().blocked?.rule).toBe('no-signal');
    expect(run.context().iterations.init).toBe(1);
  });

  it('suspends on a usage limit without spending an attempt, and wakes after the wait', () => {
    const run = startWorkflow(registry, { maxAttempts: 1 });
    run.send({
      type: 'agent.limited',
      waitMs: 90_000,
      resetsAt: '2026-11-24T18:00:00Z',
      message: 'limit',
      at: 0,
    });
    expect(run.value()).toEqual({ init: 'suspended' });
    expect(run.clock.pending()).toEqual([90_000]);
    run.clock.fireAll();
    expect(run.value()).toEqual({ init: 'running' });
    expect(run.started.map((input) => input.attempt)).toEqual([1, 1]);
  });

  it('fails instead of waiting past the maximum suspension, naming the reset time', () => {
    const run = startWorkflow(registry, { maxSuspendMs: 60_000 });
    run.send({
      type: 'agent.limited',
      waitMs: 3_600_000,
      resetsAt: '2026-11-24T19:00:00Z',
      message: 'limit',
      at: 0,
    });
    expect(run.value()).toEqual({ init: 'failed' });
    expect(run.context().failure?.message).toContain('2026-11-24T19:00:00Z');
  });

  it('doubles the backoff per attempt', () => {
    expect([2, 3, 4].map((attempt) => backoffMs(attempt, 5000, 1))).toEqual([5000, 10000, 20000]);
    expect(backoffMs(3, 5000, 0.5)).toBe(5000);
  });
});

describe('parked states', () => {
  it('resume after a restore leaves retrying and suspended at once (timers do not survive a restore)', () => {
    const run = startWorkflow(registry);
    run.send({ type: 'agent.failed', kind: 'transient', outcome: 'network', message: 'down' });
    const persisted = JSON.parse(JSON.stringify(run.actor.getPersistedSnapshot()));
    run.actor.stop();
    expect(persisted.value).toEqual({ init: 'retrying' });
    const restored = startWorkflow(registry, {}, persisted);
    restored.send({ type: 'resume' });
    expect(restored.value()).toEqual({ init: 'running' });
  });

  it('ignores approve outside the approval gate', () => {
    const run = startWorkflow(registry);
    run.send({ type: 'approve' });
    expect(run.value()).toEqual({ init: 'running' });
  });
});
