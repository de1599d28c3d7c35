/**
 * Money and time caps on live actors: what an attempt used goes into the spend book, the next
 * iteration does not start when it would pass a cap (the session blocks naming the cap), and a
 * human's grant (`run --grant`, sent with `resume`) makes room, from every parked sub-state.
 */
import { describe, expect, it } from 'vitest';
import type { SpendCaps, Usage } from '../../machines/budget.js';
import type { WorkflowEvent } from '../../machines/events.js';
import { PHASE_REGISTRY, type Phase } from '../../machines/phases.js';
import { startWorkflow } from '../helpers/workflow-harness.js';

const registry = PHASE_REGISTRY;
const cost = (costUsd: number, isEstimated?: boolean): Usage => ({
  costUsd,
  tokens: 0,
  ms: 0,
  ...(isEstimated === undefined ? {} : { isEstimated }),
});
const sessionCost = (costUsd: number): SpendCaps => ({ session: { costUsd }, phases: {} });
const grantOf = (costUsd: number) => ({ costUsd, tokens: 0, ms: 0 });
const where = (run: ReturnType<typeof startWorkflow>) => run.actor.getSnapshot().value;
const startsOf = (run: ReturnType<typeof startWorkflow>) =>
  run.started.map((input) => `${input.phase}#${input.iteration}`);

/** A session walked (without caps on the way) into `phase.running`. */
function runningIn(phase: Phase, caps: SpendCaps) {
  const walk = startWorkflow(registry, { autoApprove: true });
  const route: Record<Phase, readonly Phase[]> = {
    init: [],
    investigation: ['investigation'],
    requirements: ['investigation', 'requirements'],
    planning: ['investigation', 'requirements', 'planning'],
    implementation: ['investigation', 'requirements', 'planning', 'implementation'],
    testing: ['investigation', 'requirements', 'planning', 'implementation', 'testing'],
    quality: ['investigation', 'requirements', 'planning', 'implementation', 'quality'],
    done: ['investigation', 'requirements', 'planning', 'implementation', 'quality', 'done'],
  };
  for (const target of route[phase]) walk.send({ type: 'signal.continue', target });
  expect(walk.value()).toEqual({ [phase]: 'running' });
  const snapshot = walk.actor.getPersistedSnapshot();
  walk.actor.stop();
  return startWorkflow(registry, { caps }, snapshot);
}

describe('the spend book', () => {
  it('counts what each attempt used per session and phase, the largest attempt per kind, and estimates', () => {
    const run = startWorkflow(registry);
    run.send({
      type: 'agent.failed',
      kind: 'transient',
      outcome: 'overloaded',
      message: '529',
      usage: { costUsd: 0.5, tokens: 300, ms: 40 },
    });
    run.clock.fireAll();
    run.send({
      type: 'signal.continue',
      target: 'investigation',
      usage: { costUsd: 0.25, tokens: 700, ms: 10 },
    });
    run.send({ type: 'signal.continue', usage: { costUsd: 1, tokens: 100, ms: 90 } });
    const { spend } = run.context();
    expect(spend.session).toStrictEqual({ costUsd: 1.75, tokens: 1100, ms: 140 });
    expect(spend.phases.init).toStrictEqual({ costUsd: 0.75, tokens: 1000, ms: 50 });
    expect(spend.phases.investigation).toStrictEqual({ costUsd: 1, tokens: 100, ms: 90 });
    expect(spend.largest).toStrictEqual({ costUsd: 1, tokens: 700, ms: 90 });
    expect(spend.isEstimated).toBe(false);
    run.send({ type: 'signal.continue', usage: cost(0.1, true) });
    expect(run.context().spend.isEstimated).toBe(true);
    run.send({ type: 'signal.continue', usage: cost(0.1, false) });
    expect(run.context().spend.isEstimated).toBe(true);
  });

  it('an attempt without figures leaves the book as it was', () => {
    const run = startWorkflow(registry, { caps: sessionCost(1) });
    run.send({ type: 'signal.continue' });
    run.send({ type: 'signal.continue', target: 'investigation', usage: undefined });
    expect(where(run)).toEqual({ investigation: 'running' });
    expect(run.context().spend).toStrictEqual(startWorkflow(registry).context().spend);
  });
});

describe('a cap the next iteration would pass', () => {
  it('blocks before the next iteration, counting the attempt that just ended, and names the cap', () => {
    const run = startWorkflow(registry, { caps: sessionCost(0.05) });
    run.send({ type: 'signal.continue', target: 'investigation', usage: cost(0.03) });
    expect(where(run)).toEqual({ investigation: 'blocked' });
    expect(startsOf(run)).toEqual(['init#1']);
    expect(run.context().iterations.init).toBe(1);
    expect(run.context().blocked).toStrictEqual({
      rule: 'spend-exhausted',
      reason:
        'rule 8 (spend-exhausted): the session cost budget would be passed: spent $0.03 of the $0.05 cap (the largest attempt so far used $0.03); run again with --grant cost=<amount> to continue',
      needs: 'human_decision',
    });
  });

  it('one attempt that alone passes the cap blocks too', () => {
    const run = startWorkflow(registry, { caps: sessionCost(0.05) });
    run.send({ type: 'signal.continue', usage: cost(0.06) });
    expect(where(run)).toEqual({ init: 'blocked' });
    expect(run.context().blocked?.rule).toBe('spend-exhausted');
  });

  it('has room while the spend and the largest attempt stay within the cap', () => {
    const run = startWorkflow(registry, { caps: sessionCost(0.05) });
    run.send({ type: 'signal.continue', target: 'investigation', usage: cost(0.02) });
    expect(where(run)).toEqual({ investigation: 'running' });
    expect(startsOf(run)).toEqual(['init#1', 'investigation#2']);
  });

  it("checks the cap of the phase the session moves into, naming that phase's budget", () => {
    const caps: SpendCaps = { session: {}, phases: { investigation: { tokens: 500 } } };
    const run = startWorkflow(registry, { caps });
    run.send({ type: 'signal.continue', usage: { costUsd: 0, tokens: 600, ms: 0 } });
    expect(where(run)).toEqual({ init: 'running' });
    run.send({ type: 'signal.continue', target: 'investigation', usage: { costUsd: 0, tokens: 10, ms: 0 } });
    expect(where(run)).toEqual({ investigation: 'blocked' });
    expect(run.context().blocked?.reason).toBe(
      "rule 8 (spend-exhausted): the 'investigation' phase token budget would be passed: spent 0 tokens of the 500 tokens cap (the largest attempt so far used 600 tokens); run again with --grant tokens=<amount> to continue",
    );
  });

  it('names a time cap in hours', () => {
    const run = startWorkflow(registry, { caps: { session: { ms: 3_600_000 }, phases: {} } });
    run.send({ type: 'signal.continue', usage: { costUsd: 0, tokens: 0, ms: 2_700_000 } });
    expect(run.context().blocked?.reason).toBe(
      'rule 8 (spend-exhausted): the session time budget would be passed: spent 0.75 h of the 1.00 h cap (the largest attempt so far used 0.75 h); run again with --grant hours=<amount> to continue',
    );
  });

  it('a move the iteration budget refuses blocks on the budget, not the spend', () => {
    const run = runningIn('testing', sessionCost(100));
    const budget = registry.testing.maxIterations;
    for (let i = 0; i < budget; i += 1) run.send({ type: 'signal.continue', usage: cost(0.01) });
    expect(where(run)).toEqual({ testing: 'blocked' });
    expect(run.context().blocked?.rule).toBe('budget-exhausted');
  });
});

describe('a grant sent with resume', () => {
  it('leaves a spend block once it makes room, recording the grant; without room it stays blocked', () => {
    const run = startWorkflow(registry, { caps: sessionCost(0.05) });
    run.send({ type: 'signal.continue', usage: cost(0.03) });
    expect(where(run)).toEqual({ init: 'blocked' });
    run.send({ type: 'resume', grant: grantOf(0.005) });
    expect(where(run)).toEqual({ init: 'blocked' });
    expect(run.context().granted).toStrictEqual(grantOf(0.005));
    expect(run.context().blocked?.reason).toContain('spent $0.03 of the $0.06 cap');
    expect(startsOf(run)).toEqual(['init#1']);
    run.send({ type: 'resume' });
    expect(where(run)).toEqual({ init: 'blocked' });
    run.send({ type: 'resume', grant: grantOf(0.1) });
    expect(where(run)).toEqual({ init: 'running' });
    expect(run.context().granted.costUsd).toBeCloseTo(0.105, 10);
    expect(run.context().blocked).toBeUndefined();
    expect(startsOf(run)).toEqual(['init#1', 'init#2']);
  });

  it('a failed session resumes only with room, else it blocks naming the cap', () => {
    const fatal = { type: 'agent.failed', kind: 'fatal', outcome: 'auth', message: 'bad key' } as const;
    const run = startWorkflow(registry, { caps: sessionCost(0.05) });
    run.send({ ...fatal, usage: cost(0.03) });
    expect(where(run)).toEqual({ init: 'failed' });
    run.send({ type: 'resume', grant: grantOf(0.001) });
    expect(where(run)).toEqual({ init: 'blocked' });
    expect(run.context().granted).toStrictEqual(grantOf(0.001));
    expect(run.context().blocked?.reason).toContain('spent $0.03 of the $0.05 cap');

    const again = startWorkflow(registry, { caps: sessionCost(0.05) });
    again.send({ ...fatal, usage: cost(0.03) });
    again.send({ type: 'resume', grant: grantOf(0.1) });
    expect(where(again)).toEqual({ init: 'running' });
    expect(again.context().granted).toStrictEqual(grantOf(0.1));
    expect(again.context().failure).toBeUndefined();
  });

  it("a resume checks the parked phase's own cap, and names it", () => {
    const caps: SpendCaps = { session: {}, phases: { init: { costUsd: 0.05 } } };
    const run = startWorkflow(registry, { caps });
    run.send({ type: 'agent.failed', kind: 'fatal', outcome: 'auth', message: 'bad key', usage: cost(0.03) });
    expect(where(run)).toEqual({ init: 'failed' });
    run.send({ type: 'resume' });
    expect(where(run)).toEqual({ init: 'blocked' });
    expect(run.context().blocked?.reason).toContain(
      "the 'init' phase cost budget would be passed: spent $0.03 of the $0.05 cap",
    );
  });

  it('a human wait resumes only with room; out of room it blocks naming the cap, out of budget naming the budget', () => {
    const waited = (caps: SpendCaps, event: WorkflowEvent) => {
      const run = runningIn('requirements', caps);
      run.send(event);
      expect(where(run)).toEqual({ requirements: 'awaitingAnswers' });
      return run;
    };
    const qa = { type: 'signal.waiting', for: 'qa_answers' } as const;

    const short = waited(sessionCost(0.05), { ...qa, usage: cost(0.03) });
    short.send({ type: 'resume', grant: grantOf(0.001) });
    expect(where(short)).toEqual({ requirements: 'blocked' });
    expect(short.context().granted).toStrictEqual(grantOf(0.001));
    expect(short.context().blocked?.reason).toContain('spent $0.03 of the $0.05 cap');

    const granted = waited(sessionCost(0.05), { ...qa, usage: cost(0.03) });
    granted.send({ type: 'resume', grant: grantOf(0.1) });
    expect(where(granted)).toEqual({ requirements: 'running' });
    expect(granted.context().granted).toStrictEqual(grantOf(0.1));
    expect(granted.context().waiting).toBeUndefined();

    const spent = runningIn('requirements', sessionCost(100));
    for (let i = 1; i < registry.requirements.maxIterations; i += 1) spent.send({ type: 'signal.continue' });
    spent.send(qa);
    expect(where(spent)).toEqual({ requirements: 'awaitingAnswers' });
    spent.send({ type: 'resume', grant: grantOf(1) });
    expect(where(spent)).toEqual({ requirements: 'blocked' });
    expect(spent.context().blocked?.reason).toBe(
      `rule 8 (budget-exhausted): 'requirements' has used ${registry.requirements.maxIterations} iterations, all that it is allowed (its budget of ${registry.requirements.maxIterations}); running samocode again allows ${registry.requirements.maxIterations} more`,
    );
  });

  it('approving at the gate checks the cap of the phase it crosses into', () => {
    const caps: SpendCaps = { session: {}, phases: { implementation: { costUsd: 0.05 } } };
    const run = runningIn('planning', caps);
    run.send({ type: 'signal.waiting', for: 'plan_approval', usage: cost(0.06) });
    expect(where(run)).toEqual({ planning: 'awaitingApproval' });
    run.send({ type: 'approve' });
    expect(where(run)).toEqual({ implementation: 'blocked' });
    expect(run.context().blocked?.reason).toContain("the 'implementation' phase cost budget");
    expect(run.context().pendingTarget).toBeUndefined();
  });

  it('auto-approving at the gate on resume records the grant and crosses', () => {
    const walk = runningIn('planning', sessionCost(0.05));
    walk.send({ type: 'signal.waiting', for: 'plan_approval', usage: cost(0.03) });
    const run = startWorkflow(
      registry,
      { caps: sessionCost(0.05), autoApprove: true },
      walk.actor.getPersistedSnapshot(),
    );
    run.send({ type: 'resume', grant: grantOf(0.1) });
    expect(where(run)).toEqual({ implementation: 'running' });
    expect(run.context().granted).toStrictEqual(grantOf(0.1));
  });
});
