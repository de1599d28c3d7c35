/**
 * What the machine tells its consumers: the typed state, the exit tag of every parked sub-state,
 * the `iteration.ended` event it emits, and the `--once` stop.
 */
import { describe, expect, it } from 'vitest';
import type { IterationEndedEvent } from '../../machines/events.js';
import { PHASE_REGISTRY } from '../../machines/phases.js';
import {
  awaitedBy,
  exitClassOf,
  hasStateTag,
  isInterrupted,
  isIterationOpen,
  isSubState,
  needsHuman,
  renderState,
  renderStateValue,
  SUB_STATES,
  stateOfValue,
  tagsOf,
  toStateOf,
} from '../../machines/sub-states.js';
import { budgetsOf, buildWorkflow } from '../../machines/workflow.js';
import { startWorkflow } from '../helpers/workflow-harness.js';

const registry = PHASE_REGISTRY;

describe('reading a state value', () => {
  it.each([
    [
      { planning: 'awaitingApproval' },
      { phase: 'planning', sub: 'awaitingApproval' },
      'planning.awaitingApproval',
    ],
    ['completed', { phase: 'completed' }, 'completed'],
  ] as const)('%j is %j', (value, state, text) => {
    expect(toStateOf(value)).toStrictEqual(state);
    expect(stateOfValue(value)).toStrictEqual(state);
    expect(renderState(state)).toBe(text);
    expect(renderStateValue(value)).toBe(text);
  });

  it.each([
    ['running', 'running'],
    [null, 'null'],
    [undefined, 'undefined'],
    [{ deploy: 'running' }, 'deploy.running'],
    [{ init: 'sleeping' }, 'init.sleeping'],
    [{ init: { nested: 'x' } }, 'init.{"nested":"x"}'],
    [{ init: 'running', done: 'running' }, 'init.running'],
    [{}, '{}'],
    [3, '3'],
  ])('%j is no session state, rendered as %s', (value, text) => {
    expect(toStateOf(value)).toBeUndefined();
    expect(() => stateOfValue(value)).toThrow(`not a session machine state: ${JSON.stringify(value)}`);
    expect(renderStateValue(value)).toBe(text);
  });

  it('knows exactly the sub-states', () => {
    expect(SUB_STATES.filter(isSubState)).toEqual(SUB_STATES);
    expect(['Running', 'completed', '', 1, undefined].filter(isSubState)).toEqual([]);
  });

  it('gives each parked sub-state its exit class, and none to the moving ones', () => {
    expect(SUB_STATES.map((sub) => [sub, exitClassOf({ phase: 'init', sub })])).toEqual([
      ['running', undefined],
      ['verifying', undefined],
      ['retrying', undefined],
      ['suspended', undefined],
      ['paused', 'paused'],
      ['awaitingAnswers', 'waiting'],
      ['awaitingAction', 'waiting'],
      ['awaitingApproval', 'waiting'],
      ['blocked', 'blocked'],
      ['failed', 'failed'],
    ]);
    expect(exitClassOf({ phase: 'completed' })).toBe('complete');
  });

  it('answers what the rest of samocode asks, from the tags alone', () => {
    const answers = SUB_STATES.map((sub) => {
      const state = { phase: 'init', sub } as const;
      return [sub, isIterationOpen(state), awaitedBy(state), needsHuman(state), isInterrupted(state)];
    });
    expect(answers).toEqual([
      ['running', true, undefined, false, true],
      ['verifying', false, undefined, false, true],
      ['retrying', true, undefined, false, true],
      ['suspended', true, undefined, false, true],
      ['paused', false, undefined, false, false],
      ['awaitingAnswers', false, 'answers', true, false],
      ['awaitingAction', false, 'action', true, false],
      ['awaitingApproval', false, 'approve', true, false],
      ['blocked', false, undefined, true, false],
      ['failed', true, undefined, true, false],
    ]);
    const completed = { phase: 'completed' } as const;
    expect([
      tagsOf(completed),
      isIterationOpen(completed),
      needsHuman(completed),
      isInterrupted(completed),
    ]).toEqual([[], false, false, false]);
    expect(hasStateTag({ phase: 'init', sub: 'retrying' }, 'retry.backoff')).toBe(true);
    expect(hasStateTag({ phase: 'init', sub: 'suspended' }, 'retry.backoff')).toBe(false);
  });
});

describe('the sub-states of each phase', () => {
  it('one human wait per wait reason where a wait other than the gate is allowed, awaitingApproval only at the gate, verifying in done', () => {
    const machine = buildWorkflow(registry);
    const shape = Object.fromEntries(
      Object.entries(machine.root.states).map(([phase, node]) => [phase, Object.keys(node.states)]),
    );
    const common = ['running', 'retrying', 'suspended', 'paused'];
    const parked = ['blocked', 'failed'];
    expect(shape).toStrictEqual({
      init: [...common, ...parked],
      investigation: [...common, ...parked],
      requirements: [...common, 'awaitingAnswers', ...parked],
      planning: [...common, 'awaitingApproval', ...parked],
      implementation: [...common, 'awaitingAction', ...parked],
      testing: [...common, ...parked],
      quality: [...common, ...parked],
      done: ['running', 'verifying', 'retrying', 'suspended', 'paused', ...parked],
      completed: [],
    });
  });
});

describe('tags on a live actor', () => {
  const tags = (run: ReturnType<typeof startWorkflow>): string[] => [...run.actor.getSnapshot().tags].sort();

  it('every sub-state carries exactly the tags of its table row', () => {
    const run = startWorkflow(registry);
    expect(tags(run)).toEqual(['iteration.open']);
    run.send({ type: 'signal.blocked', reason: 'x', needs: 'environment' });
    expect(tags(run)).toEqual(['exit.blocked', 'needs.human']);
    expect(run.actor.getSnapshot().hasTag('exit.blocked')).toBe(true);
    run.send({ type: 'resume' });
    run.send({ type: 'agent.failed', kind: 'fatal', outcome: 'auth', message: 'no key' });
    expect(tags(run)).toEqual(['exit.failed', 'iteration.open', 'needs.human']);
    run.send({ type: 'resume' });
    run.send({ type: 'agent.failed', kind: 'transient', outcome: 'network', message: 'down' });
    expect(run.value()).toEqual({ init: 'retrying' });
    expect(tags(run)).toEqual(['iteration.open', 'retry.backoff']);
    run.send({ type: 'resume' });
    run.send({ type: 'agent.limited', waitMs: 1000, message: 'limit', at: 0 });
    expect(tags(run)).toEqual(['iteration.open', 'retry.usageLimit']);
    run.send({ type: 'resume' });
    for (const target of ['investigation', 'requirements'] as const)
      run.send({ type: 'signal.continue', target });
    run.send({ type: 'signal.waiting', for: 'qa_answers' });
    expect(tags(run)).toEqual(['awaits.answers', 'exit.waiting', 'needs.human']);
    run.send({ type: 'resume' });
    run.send({ type: 'signal.continue', target: 'planning' });
    run.send({ type: 'signal.waiting', for: 'plan_approval' });
    expect(run.value()).toEqual({ planning: 'awaitingApproval' });
    expect(tags(run)).toEqual(['awaits.approve', 'exit.waiting', 'needs.human']);
    run.send({ type: 'approve' });
    run.send({ type: 'signal.waiting', for: 'human_action' });
    expect(run.value()).toEqual({ implementation: 'awaitingAction' });
    expect(tags(run)).toEqual(['awaits.action', 'exit.waiting', 'needs.human']);
  });
});

describe('iteration.ended', () => {
  function recorded(overrides: Parameters<typeof startWorkflow>[1] = {}) {
    const run = startWorkflow(registry, overrides);
    const ended: IterationEndedEvent[] = [];
    run.actor.on('iteration.ended', (event) => ended.push(event));
    const short = () => ended.map((end) => `${end.phase}#${end.iteration}.${end.attempt} ${end.event.type}`);
    return { run, ended, short };
  }

  it('is emitted once per iteration with the phase, number, attempts and the event that ended it', () => {
    const { run, ended, short } = recorded();
    run.send({ type: 'agent.noSignal' });
    run.clock.fireAll();
    run.send({ type: 'signal.continue', target: 'investigation' });
    run.send({ type: 'signal.invalid', problem: 'bad' });
    run.send({ type: 'resume' });
    run.send({ type: 'agent.failed', kind: 'transient', outcome: 'network', message: 'down' });
    run.clock.fireAll();
    run.send({ type: 'agent.limited', waitMs: 10, message: 'limit', at: 0 });
    run.clock.fireAll();
    run.send({ type: 'signal.blocked', reason: 'x', needs: 'environment' });
    expect(short()).toEqual([
      'init#1.2 signal.continue',
      'investigation#2.1 signal.invalid',
      'investigation#3.2 signal.blocked',
    ]);
    expect(ended[0]?.event).toStrictEqual({ type: 'signal.continue', target: 'investigation' });
    expect(ended[0]?.type).toBe('iteration.ended');
  });

  it('is emitted when an outcome that is not retried ends the iteration', () => {
    const { run, short } = recorded({ maxAttempts: 1, maxSuspendMs: 5 });
    run.send({ type: 'agent.failed', kind: 'transient', outcome: 'network', message: 'down' });
    run.send({ type: 'resume' });
    run.send({ type: 'agent.noSignal' });
    run.send({ type: 'resume' });
    run.send({ type: 'agent.limited', waitMs: 10, message: 'limit', at: 0 });
    expect(short()).toEqual(['init#1.1 agent.failed', 'init#1.1 agent.noSignal', 'init#2.1 agent.limited']);
  });

  it('is not emitted by human events', () => {
    const { run, ended } = recorded();
    for (const target of ['investigation', 'requirements', 'planning', 'implementation'] as const) {
      run.send({ type: 'signal.continue', target });
    }
    expect(ended).toHaveLength(4);
    run.send({ type: 'approve' });
    expect(run.value()).toEqual({ implementation: 'running' });
    expect(ended).toHaveLength(4);
  });
});

describe('--once', () => {
  it('stops in paused after the iteration ends, wherever it was going; resume runs the next one', () => {
    const run = startWorkflow(registry, { once: true });
    run.send({ type: 'signal.continue', target: 'investigation' });
    expect(run.value()).toEqual({ investigation: 'paused' });
    expect(run.actor.getSnapshot().hasTag('exit.paused')).toBe(true);
    expect(run.started.map((input) => input.phase)).toEqual(['init']);
    run.send({ type: 'resume' });
    expect(run.value()).toEqual({ investigation: 'running' });
    run.send({ type: 'signal.continue' });
    expect(run.value()).toEqual({ investigation: 'paused' });
  });

  it('does not pause where the move blocks on the budget', () => {
    const run = startWorkflow(registry, {
      once: true,
      budgets: { ...budgetsOf(registry), init: 1 },
    });
    run.send({ type: 'signal.continue' });
    expect(run.value()).toEqual({ init: 'blocked' });
  });

  it.each([
    ['a continue', { type: 'signal.continue', target: 'implementation' }],
    ['the approval wait', { type: 'signal.waiting', for: 'plan_approval' }],
  ] as const)('pauses after %s that auto-approves the gate, on the far side of it', (_name, event) => {
    const run = startWorkflow(registry, { once: true, autoApprove: true });
    for (const target of ['investigation', 'requirements', 'planning'] as const) {
      run.send({ type: 'signal.continue', target });
      run.send({ type: 'resume' });
    }
    run.send(event);
    expect(run.value()).toEqual({ implementation: 'paused' });
    expect(run.context().autoApproved).toBe(true);
    expect(run.context().iterations.planning).toBe(1);
  });

  it('does not pause a human crossing the gate', () => {
    const run = startWorkflow(registry, { once: true });
    for (const target of ['investigation', 'requirements', 'planning'] as const) {
      run.send({ type: 'signal.continue', target });
      run.send({ type: 'resume' });
    }
    run.send({ type: 'signal.continue', target: 'implementation' });
    expect(run.value()).toEqual({ planning: 'awaitingApproval' });
    run.send({ type: 'approve' });
    expect(run.value()).toEqual({ implementation: 'running' });
  });
});
