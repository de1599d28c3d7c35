/**
 * The machine built from registries other than the shipped one (a config may change the table):
 * a gate with more than one way out, a gated phase that may also wait for a human, and a machine
 * started before a run provides its provider and verifier.
 */

import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { PHASE_REGISTRY, type PhaseRegistry } from '../../machines/phases.js';
import { buildWorkflow, defaultSettings, initialContext } from '../../machines/workflow.js';
import { startWorkflow } from '../helpers/workflow-harness.js';

const toPlanning = ['investigation', 'requirements', 'planning'] as const;

describe('a gate with two ways out', () => {
  const registry: PhaseRegistry = {
    ...PHASE_REGISTRY,
    planning: { ...PHASE_REGISTRY.planning, next: ['implementation', 'testing'] },
  };

  it.each(['implementation', 'testing'] as const)(
    'an approval crosses to the phase the agent named: %s',
    (target) => {
      const run = startWorkflow(registry);
      for (const phase of toPlanning) run.send({ type: 'signal.continue', target: phase });
      run.send({ type: 'signal.continue', target });
      expect(run.value()).toEqual({ planning: 'awaitingApproval' });
      expect(run.context().pendingTarget).toBe(target);
      run.send({ type: 'approve' });
      expect(run.value()).toEqual({ [target]: 'running' });
      expect(run.started.at(-1)?.phase).toBe(target);
    },
  );
});

describe('a gated phase that may also wait for answers', () => {
  const registry: PhaseRegistry = {
    ...PHASE_REGISTRY,
    planning: { ...PHASE_REGISTRY.planning, waits: ['plan_approval', 'qa_answers'] },
  };

  it('waits for a human on the other reason and for approval on the gate', () => {
    const run = startWorkflow(registry);
    for (const phase of toPlanning) run.send({ type: 'signal.continue', target: phase });
    run.send({ type: 'signal.waiting', for: 'qa_answers' });
    expect(run.value()).toEqual({ planning: 'awaitingAnswers' });
    run.send({ type: 'resume' });
    expect(run.value()).toEqual({ planning: 'running' });
    run.send({ type: 'signal.waiting', for: 'plan_approval' });
    expect(run.value()).toEqual({ planning: 'awaitingApproval' });
  });
});

describe('before a run provides its actors', () => {
  it('the machine starts and waits in init with a provider that never reports', () => {
    const actor = createActor(buildWorkflow(PHASE_REGISTRY)).start();
    expect(actor.getSnapshot().status).toBe('active');
    expect(actor.getSnapshot().value).toEqual({ init: 'running' });
  });

  it('and waits in verifying with a verifier that never reports', () => {
    const machine = buildWorkflow(PHASE_REGISTRY, { ...defaultSettings(PHASE_REGISTRY), verify: true });
    const actor = createActor(machine, {
      snapshot: machine.resolveState({ value: { done: 'running' }, context: initialContext() }),
    }).start();
    actor.send({ type: 'signal.done', summary: 'ok' });
    expect(actor.getSnapshot().status).toBe('active');
    expect(actor.getSnapshot().value).toEqual({ done: 'verifying' });
  });
});
