/**
 * Human gates on live actors: each park at a gate (a wait, the plan approval, a block a grant
 * lifts) opens the next gate number, stamped with the parking event's time; a restore keeps the
 * number; a rejection of the plan runs planning again with the reason for its agent. The expected
 * gates are written from the issue (one id per wait, never reused), not read from the machine.
 */
import { describe, expect, it } from 'vitest';
import { PHASE_REGISTRY } from '../../machines/phases.js';
import { gateKindOf } from '../../machines/state-meaning.js';
import { SUB_STATES } from '../../machines/sub-states.js';
import { budgetsOf } from '../../machines/workflow.js';
import { startWorkflow } from '../helpers/workflow-harness.js';

const registry = PHASE_REGISTRY;
type Run = ReturnType<typeof startWorkflow>;

/** A session walked to `planning.running`. */
function inPlanning(overrides: Parameters<typeof startWorkflow>[1] = {}): Run {
  const run = startWorkflow(registry, overrides);
  for (const target of ['investigation', 'requirements', 'planning'] as const)
    run.send({ type: 'signal.continue', target, at: 1_000 });
  expect(run.value()).toEqual({ planning: 'running' });
  return run;
}

describe('gate numbers', () => {
  it('the plan approval opens gate 1 at the time of the signal that parked it; approving moves on and keeps the number', () => {
    const run = inPlanning();
    expect(run.context().gate).toBeUndefined();
    run.send({ type: 'signal.waiting', for: 'plan_approval', at: 5_000 });
    expect(run.value()).toEqual({ planning: 'awaitingApproval' });
    expect(run.context().gate).toEqual({ seq: 1, openedAt: 5_000 });
    run.send({ type: 'approve', at: 6_000 });
    expect(run.value()).toEqual({ implementation: 'running' });
    expect(run.context().gate).toEqual({ seq: 1, openedAt: 5_000 });
  });

  it('every later park opens the next number: questions twice, then the approval, then an action', () => {
    const run = startWorkflow(registry);
    run.send({ type: 'signal.continue', target: 'investigation', at: 1 });
    run.send({ type: 'signal.continue', target: 'requirements', at: 2 });
    const seen: number[] = [];
    run.send({ type: 'signal.waiting', for: 'qa_answers', at: 3 });
    seen.push(run.context().gate?.seq ?? 0);
    run.send({ type: 'resume', at: 4 });
    expect(run.value()).toEqual({ requirements: 'running' });
    run.send({ type: 'signal.waiting', for: 'qa_answers', at: 5 });
    seen.push(run.context().gate?.seq ?? 0);
    run.send({ type: 'resume', at: 6 });
    run.send({ type: 'signal.continue', target: 'planning', at: 7 });
    run.send({ type: 'signal.continue', target: 'implementation', at: 8 });
    expect(run.value()).toEqual({ planning: 'awaitingApproval' });
    seen.push(run.context().gate?.seq ?? 0);
    run.send({ type: 'approve', at: 9 });
    run.send({ type: 'signal.waiting', for: 'human_action', at: 10 });
    expect(run.value()).toEqual({ implementation: 'awaitingAction' });
    seen.push(run.context().gate?.seq ?? 0);
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(run.context().gate?.openedAt).toBe(10);
  });

  it('a restored session at a gate keeps its number (entry is not run again); the next park goes on counting', () => {
    const first = inPlanning();
    first.send({ type: 'signal.waiting', for: 'plan_approval', at: 5_000 });
    const saved = first.actor.getPersistedSnapshot();
    first.actor.stop();
    const again = startWorkflow(registry, {}, saved);
    expect(again.value()).toEqual({ planning: 'awaitingApproval' });
    again.send({ type: 'resume', at: 7_000 });
    expect(again.context().gate).toEqual({ seq: 1, openedAt: 5_000 });
    again.send({ type: 'approve', at: 8_000 });
    again.send({ type: 'signal.waiting', for: 'human_action', at: 9_000 });
    expect(again.context().gate).toEqual({ seq: 2, openedAt: 9_000 });
  });

  it('a spend block opens a grant gate; a grant too small blocks again under the next number; an agent block opens none', () => {
    const caps = { session: { costUsd: 0.1 }, phases: {} };
    const run = startWorkflow(registry, { caps });
    run.send({
      type: 'signal.continue',
      target: 'investigation',
      at: 100,
      usage: { costUsd: 0.1, tokens: 0, ms: 0 },
    });
    expect(run.value()).toEqual({ investigation: 'blocked' });
    expect(run.context().blocked?.rule).toBe('spend-exhausted');
    expect(run.context().gate).toEqual({ seq: 1, openedAt: 100 });
    run.send({ type: 'resume', at: 200, grant: { costUsd: 0.01, tokens: 0, ms: 0 } });
    expect(run.value()).toEqual({ investigation: 'blocked' });
    expect(run.context().gate).toEqual({ seq: 2, openedAt: 200 });
    run.send({ type: 'resume', at: 300, grant: { costUsd: 1, tokens: 0, ms: 0 } });
    expect(run.value()).toEqual({ investigation: 'running' });
    run.send({ type: 'signal.blocked', reason: 'which database?', needs: 'clarification', at: 400 });
    expect(run.value()).toEqual({ investigation: 'blocked' });
    expect(run.context().gate).toEqual({ seq: 2, openedAt: 200 });
  });

  it('a spent iteration budget opens a grant gate', () => {
    const run = startWorkflow(registry, { budgets: { ...budgetsOf(registry), init: 1 } });
    run.send({ type: 'signal.continue', at: 50 });
    expect(run.value()).toEqual({ init: 'blocked' });
    expect(run.context().blocked?.rule).toBe('budget-exhausted');
    expect(run.context().gate).toEqual({ seq: 1, openedAt: 50 });
  });
});

describe('rejecting the plan', () => {
  it('runs planning again with the reason for its agent, and clears the reason once that iteration ends', () => {
    const run = inPlanning();
    run.send({ type: 'signal.waiting', for: 'plan_approval', at: 5_000 });
    const before = run.started.length;
    run.send({ type: 'resume', rejection: 'split phase 2 in two', at: 6_000 });
    expect(run.value()).toEqual({ planning: 'running' });
    expect(run.context().rejection).toBe('split phase 2 in two');
    expect(run.context().pendingTarget).toBeUndefined();
    expect(run.started.slice(before).map((input) => input.rejection)).toEqual(['split phase 2 in two']);
    run.send({ type: 'signal.waiting', for: 'plan_approval', at: 7_000 });
    expect(run.value()).toEqual({ planning: 'awaitingApproval' });
    expect(run.context().rejection).toBeUndefined();
    expect(run.context().gate).toEqual({ seq: 2, openedAt: 7_000 });
  });

  it('wins over auto-approval, and blocks instead when planning has spent its budget', () => {
    const auto = startWorkflow(registry, { autoApprove: false });
    for (const target of ['investigation', 'requirements', 'planning'] as const)
      auto.send({ type: 'signal.continue', target });
    auto.send({ type: 'signal.waiting', for: 'plan_approval' });
    const saved = auto.actor.getPersistedSnapshot();
    auto.actor.stop();
    const restored = startWorkflow(registry, { autoApprove: true }, saved);
    restored.send({ type: 'resume', rejection: 'no' });
    expect(restored.value()).toEqual({ planning: 'running' });

    const spent = startWorkflow(registry, { budgets: { ...budgetsOf(registry), planning: 1 } }, saved);
    spent.send({ type: 'resume', rejection: 'no' });
    expect(spent.value()).toEqual({ planning: 'blocked' });
    expect(spent.context().blocked?.rule).toBe('budget-exhausted');
  });

  it('a plain resume at the gate still waits (without auto-approval)', () => {
    const run = inPlanning();
    run.send({ type: 'signal.waiting', for: 'plan_approval' });
    run.send({ type: 'resume' });
    expect(run.value()).toEqual({ planning: 'awaitingApproval' });
  });
});

describe('gateKindOf', () => {
  const ORACLE: Record<string, string | undefined> = {
    awaitingAnswers: 'answers',
    awaitingAction: 'action',
    awaitingApproval: 'approval',
  };
  it.each(SUB_STATES)('%s: the gate it is (blocked only by a spent budget or cap)', (sub) => {
    const state = { phase: 'implementation', sub } as const;
    expect(gateKindOf(state, undefined)).toBe(ORACLE[sub]);
    const grant = sub === 'blocked' ? 'grant' : ORACLE[sub];
    expect(gateKindOf(state, { rule: 'spend-exhausted' })).toBe(grant);
    expect(gateKindOf(state, { rule: 'budget-exhausted' })).toBe(grant);
    expect(gateKindOf(state, { rule: 'agent' })).toBe(ORACLE[sub]);
    expect(gateKindOf(state, { rule: 'no-progress' })).toBe(ORACLE[sub]);
  });
  it('a completed session is at no gate', () => {
    expect(gateKindOf({ phase: 'completed' }, { rule: 'spend-exhausted' })).toBeUndefined();
  });
});
