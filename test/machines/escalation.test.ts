/**
 * One escalation before a block, on live actors: which stops escalate, once per phase visit, on
 * which model the provider is asked to run, and that budgets, spend caps, `--once` and the
 * no-progress rule treat the escalated iteration as an ordinary one. Every branch of the two
 * escalation guards (`canEscalate`, `isModelBound`) and of the checks they are combined with.
 */
import { describe, expect, it } from 'vitest';
import { emptySpendBook, spendAdd } from '../../machines/budget.js';
import {
  ESCALATING_NEEDS,
  ESCALATING_PHASES,
  explainEscalation,
  isModelBound,
  MODEL_BOUND_OUTCOMES,
} from '../../machines/escalation.js';
import type { IterationEndedEvent, WorkflowEvent } from '../../machines/events.js';
import { PHASE_REGISTRY, type Phase } from '../../machines/phases.js';
import type { Receipt } from '../../machines/receipt.js';
import { buildWorkflow, initialContext, type WorkflowContext } from '../../machines/workflow.js';
import { startWorkflow } from '../helpers/workflow-harness.js';

const registry = PHASE_REGISTRY;
const stuck = { type: 'signal.blocked', reason: 'the build fails', needs: 'error_resolution' } as const;
const decision = { type: 'signal.blocked', reason: 'which API?', needs: 'human_decision' } as const;
const timedOut = {
  type: 'agent.failed',
  kind: 'transient',
  outcome: 'timeout',
  message: 'no result',
} as const;
const overloaded = {
  type: 'agent.failed',
  kind: 'transient',
  outcome: 'overloaded',
  message: '529',
} as const;
const fatal = { type: 'agent.failed', kind: 'fatal', outcome: 'auth', message: '401' } as const;
const receipt = (exitCode: number): Receipt => ({
  command: 'npm test',
  exitCode,
  durationMs: 5,
  timedOut: false,
  head: 'abc',
  clean: true,
  uncommitted: 0,
  commitsBeyondBase: 1,
  tail: 'FAIL',
  logFile: '_logs/004-verify.log',
});

/** A live actor started in `<phase>.running` with the escalation model configured. */
function startIn(
  phase: Phase,
  overrides: Parameters<typeof startWorkflow>[1] = {},
  context = initialContext(),
) {
  const settings = { escalate: true, autoApprove: true, ...overrides };
  const snapshot = buildWorkflow(registry).resolveState({ value: { [phase]: 'running' }, context });
  const run = startWorkflow(registry, settings, snapshot);
  const ended: IterationEndedEvent[] = [];
  run.actor.on('iteration.ended', (event) => ended.push(event));
  /** `testing#2 escalation`: phase, iteration and model choice of every attempt started (a restored state's own attempt is not started again). */
  const starts = () => run.started.map((input) => `${input.phase}#${input.iteration} ${input.model}`);
  return { ...run, ended, starts };
}

describe('which stops a stronger model could change', () => {
  it.each([
    ['an error_resolution block', stuck, true],
    ['a human_decision block', decision, false],
    ['a clarification block', { ...decision, needs: 'clarification' }, false],
    ['an environment block', { ...decision, needs: 'environment' }, false],
    ['a timeout', timedOut, true],
    ['max turns', { ...timedOut, outcome: 'max_turns' }, true],
    ['a stalled stream', { ...timedOut, outcome: 'stalled' }, true],
    ['an overload', overloaded, false],
    ['a fatal failure that names a model-bound outcome', { ...fatal, outcome: 'timeout' }, false],
    ['a continue', { type: 'signal.continue' }, false],
    ['no signal', { type: 'agent.noSignal' }, false],
  ] as const)('%s: %s', (_name, event, expected) => {
    expect(isModelBound(event as WorkflowEvent)).toBe(expected);
  });

  it('the lists say it: implementation and testing escalate error_resolution blocks; time, turns and stalls are model-bound', () => {
    expect(ESCALATING_PHASES).toEqual(['implementation', 'testing']);
    expect(ESCALATING_NEEDS).toEqual(['error_resolution']);
    expect(MODEL_BOUND_OUTCOMES).toEqual(['timeout', 'max_turns', 'stalled']);
  });

  it.each([
    ['blocked', stuck, 'the agent blocked: the build fails'],
    ['blocked', { type: 'signal.continue' }, 'the agent blocked: no reason given'],
    [
      'no-signal',
      { type: 'agent.noSignal' },
      'the agent ended its attempts without writing _signal.json, the last one with a reminder',
    ],
    ['failed', timedOut, 'every attempt failed (timeout: no result)'],
    ['failed', { type: 'agent.noSignal' }, 'every attempt failed (no detail)'],
    [
      'verify',
      { type: 'verify.failed', receipt: receipt(1) },
      "samocode's check failed after the agent's done: `npm test` exited 1",
    ],
    [
      'verify',
      { type: 'verify.failed', receipt: { ...receipt(1), exitCode: null, timedOut: true } },
      "samocode's check failed after the agent's done: `npm test` timed out",
    ],
    [
      'verify',
      { type: 'verify.failed', receipt: { ...receipt(1), exitCode: null, command: null } },
      "samocode's check failed after the agent's done: `` exited by a signal",
    ],
    ['verify', { type: 'signal.continue' }, "samocode's check failed after the agent's done"],
  ] as const)('the reason for %s from %j', (cause, event, reason) => {
    expect(explainEscalation(cause, event as WorkflowEvent)).toBe(reason);
  });
});

describe("the agent's own block", () => {
  it.each(['implementation', 'testing'] as const)(
    'in %s runs the phase once more on the escalation model, as a new counted iteration',
    (phase) => {
      const run = startIn(phase);
      run.send(stuck);
      expect(run.value()).toEqual({ [phase]: 'running' });
      expect(run.starts()).toEqual([`${phase}#2 escalation`]);
      expect(run.started.at(-1)?.escalation).toStrictEqual({
        cause: 'blocked',
        reason: 'the agent blocked: the build fails',
      });
      expect(run.context()).toMatchObject({ escalatedIn: phase, totalIterations: 1, attempt: 1 });
      expect(run.context().iterations[phase]).toBe(1);
      expect(run.context().blocked).toBeUndefined();
      // The row of the blocked iteration is an ordinary one; the escalated iteration's row says why.
      expect(run.ended.map((event) => event.escalation)).toEqual([undefined]);
      run.send({ type: 'signal.continue' });
      expect(run.ended.at(-1)).toMatchObject({
        phase,
        iteration: 2,
        escalation: { cause: 'blocked', reason: 'the agent blocked: the build fails' },
      });
      // The iteration after it runs on the phase's model again.
      expect(run.starts().at(-1)).toBe(`${phase}#3 phase`);
      expect(run.context().escalation).toBeUndefined();
    },
  );

  it('a second block in the same visit blocks, with the agent’s words', () => {
    const run = startIn('testing');
    run.send(stuck);
    run.send({ ...stuck, reason: 'still failing' });
    expect(run.value()).toEqual({ testing: 'blocked' });
    expect(run.context().blocked).toStrictEqual({
      rule: 'agent',
      reason: 'still failing',
      needs: 'error_resolution',
    });
    expect(run.context().escalation).toBeUndefined();
    expect(run.ended.map((event) => event.escalation?.cause)).toEqual([undefined, 'blocked']);
    // A human resume does not start a new visit: the next block blocks too.
    run.send({ type: 'resume' });
    run.send(stuck);
    expect(run.value()).toEqual({ testing: 'blocked' });
    expect(run.starts()).toEqual(['testing#2 escalation', 'testing#3 phase']);
  });

  it('a continue in between does not start a new visit; moving to another phase and back does', () => {
    const run = startIn('testing');
    run.send(stuck);
    run.send({ type: 'signal.continue' });
    run.send(stuck);
    expect(run.value()).toEqual({ testing: 'blocked' });

    const loop = startIn('testing');
    loop.send(stuck);
    loop.send({ type: 'signal.continue', target: 'quality' });
    expect(loop.context().escalatedIn).toBeUndefined();
    loop.send({ type: 'signal.continue', target: 'testing' });
    loop.send(stuck);
    expect(loop.value()).toEqual({ testing: 'running' });
    expect(loop.starts()).toEqual([
      'testing#2 escalation',
      'quality#3 phase',
      'testing#4 phase',
      'testing#5 escalation',
    ]);
  });

  it('an escalation in implementation leaves testing its own', () => {
    const run = startIn('implementation');
    run.send(stuck);
    run.send({ type: 'signal.continue', target: 'testing' });
    run.send(stuck);
    expect(run.starts()).toEqual(['implementation#2 escalation', 'testing#3 phase', 'testing#4 escalation']);
  });

  it.each([
    ['without an escalation model', { escalate: false }, stuck, 'implementation'],
    ['for a block a human must lift', {}, decision, 'implementation'],
    ['in a phase that does not write or test code', {}, stuck, 'quality'],
    ['in investigation', {}, stuck, 'investigation'],
  ] as const)('blocks as before %s', (_name, overrides, event, phase) => {
    const run = startIn(phase, overrides);
    run.send(event);
    expect(run.value()).toEqual({ [phase]: 'blocked' });
    expect(run.context().blocked?.rule).toBe('agent');
    expect(run.context().escalatedIn).toBeUndefined();
    expect(run.started).toHaveLength(0);
  });

  it('a block that names another phase is refused, not escalated', () => {
    const run = startIn('testing');
    run.send({ ...stuck, target: 'quality' });
    expect(run.value()).toEqual({ testing: 'blocked' });
    expect(run.context().blocked?.rule).toBe('blocked-changes-phase');
  });

  it('blocks with the agent’s words when the phase has no iteration left for the escalation', () => {
    const spent = { ...initialContext(), iterations: { ...initialContext().iterations, testing: 19 } };
    const run = startIn('testing', {}, spent);
    run.send(stuck);
    expect(run.value()).toEqual({ testing: 'blocked' });
    expect(run.context().blocked).toMatchObject({ rule: 'agent', reason: 'the build fails' });
    expect(run.context().iterations.testing).toBe(20);
  });

  it('with two iterations left, the escalation uses the last one', () => {
    const spent = { ...initialContext(), iterations: { ...initialContext().iterations, testing: 18 } };
    const run = startIn('testing', {}, spent);
    run.send(stuck);
    expect(run.value()).toEqual({ testing: 'running' });
    run.send({ type: 'signal.continue' });
    expect(run.value()).toEqual({ testing: 'blocked' });
    expect(run.context().blocked?.rule).toBe('budget-exhausted');
  });

  it('blocks with the agent’s words when the spend cap would be passed', () => {
    const spent: WorkflowContext = {
      ...initialContext(),
      spend: spendAdd(emptySpendBook(), 'testing', { costUsd: 2, tokens: 0, ms: 0 }),
    };
    const run = startIn('testing', { caps: { session: { costUsd: 3 }, phases: {} } }, spent);
    run.send({ ...stuck, usage: { costUsd: 0.5, tokens: 0, ms: 0 } });
    expect(run.value()).toEqual({ testing: 'blocked' });
    expect(run.context().blocked?.rule).toBe('agent');
    // Below the cap it escalates.
    const room = startIn('testing', { caps: { session: { costUsd: 5 }, phases: {} } }, spent);
    room.send({ ...stuck, usage: { costUsd: 0.5, tokens: 0, ms: 0 } });
    expect(room.value()).toEqual({ testing: 'running' });
  });

  it('--once stops in paused with the escalation pending; the next run runs it', () => {
    const run = startIn('testing', { once: true });
    run.send(stuck);
    expect(run.value()).toEqual({ testing: 'paused' });
    expect(run.context().escalation?.cause).toBe('blocked');
    run.send({ type: 'resume' });
    expect(run.starts()).toEqual(['testing#2 escalation']);
  });

  it('the no-progress rule counts the blocked and the escalated iteration', () => {
    const run = startIn('testing', { noProgressIterations: 3 });
    run.send({ type: 'signal.continue', progressMark: 'same' });
    run.send({ ...stuck, progressMark: 'same' });
    expect(run.value()).toEqual({ testing: 'running' });
    run.send({ type: 'signal.continue', progressMark: 'same' });
    expect(run.value()).toEqual({ testing: 'blocked' });
    expect(run.context().blocked?.rule).toBe('no-progress');
  });
});

describe('retries exhausted', () => {
  it('no signal after the reminder runs the iteration once more on the escalation model, in any phase', () => {
    const run = startIn('init', { maxAttempts: 2 });
    run.send({ type: 'agent.noSignal' });
    run.clock.fireAll();
    run.send({ type: 'agent.noSignal' });
    expect(run.value()).toEqual({ init: 'running' });
    expect(run.started.at(-1)).toMatchObject({
      phase: 'init',
      iteration: 2,
      attempt: 1,
      reminder: false,
      model: 'escalation',
      escalation: { cause: 'no-signal' },
    });
    expect(run.context().iterations.init).toBe(1);
    run.send({ type: 'agent.noSignal' });
    run.clock.fireAll();
    run.send({ type: 'agent.noSignal' });
    expect(run.value()).toEqual({ init: 'blocked' });
    expect(run.context().blocked?.rule).toBe('no-signal');
  });

  it('every attempt timing out runs the iteration once more on the escalation model; then it fails', () => {
    const run = startIn('planning', { maxAttempts: 2 });
    run.send(timedOut);
    run.clock.fireAll();
    run.send(timedOut);
    expect(run.value()).toEqual({ planning: 'running' });
    expect(run.context()).toMatchObject({
      attempt: 1,
      escalation: { cause: 'failed', reason: 'every attempt failed (timeout: no result)' },
    });
    expect(run.context().failure).toBeUndefined();
    expect(run.context().iterations.planning).toBe(1);
    expect(run.starts()).toEqual(['planning#1 phase', 'planning#2 escalation']);
    run.send(timedOut);
    run.clock.fireAll();
    run.send(timedOut);
    expect(run.value()).toEqual({ planning: 'failed' });
    // The failed escalated iteration stays open and stays escalated when it is run again.
    run.send({ type: 'resume' });
    expect(run.starts().at(-1)).toBe('planning#2 escalation');
  });

  it.each([
    ['an overload', overloaded],
    ['a fatal failure', fatal],
  ] as const)('%s fails as before', (_name, event) => {
    const run = startIn('testing', { maxAttempts: 1 });
    run.send(event);
    expect(run.value()).toEqual({ testing: 'failed' });
    expect(run.context().escalation).toBeUndefined();
  });

  it('without an escalation model, exhausted retries fail and block as before', () => {
    const run = startIn('testing', { maxAttempts: 1, escalate: false });
    run.send(timedOut);
    expect(run.value()).toEqual({ testing: 'failed' });
    const quiet = startIn('testing', { maxAttempts: 1, escalate: false });
    quiet.send({ type: 'agent.noSignal' });
    expect(quiet.value()).toEqual({ testing: 'blocked' });
  });
});

describe('a failing verify', () => {
  it('sends the session back to testing on the escalation model, with the check and the reason', () => {
    const run = startIn('done', { verify: true });
    run.send({ type: 'signal.done', summary: 'ok' });
    run.send({ type: 'verify.failed', receipt: receipt(1) });
    expect(run.value()).toEqual({ testing: 'running' });
    expect(run.started.at(-1)).toMatchObject({
      phase: 'testing',
      model: 'escalation',
      verifyFailure: receipt(1),
      escalation: {
        cause: 'verify',
        reason: "samocode's check failed after the agent's done: `npm test` exited 1",
      },
    });
    // That visit of testing has used its escalation: the agent's block now blocks.
    run.send(stuck);
    expect(run.value()).toEqual({ testing: 'blocked' });
  });

  it('a session that already escalated in testing before its done escalates again on the return (a new visit)', () => {
    const run = startIn('testing', { verify: true });
    run.send(stuck);
    run.send({ type: 'signal.continue', target: 'done' });
    run.send({ type: 'signal.done', summary: 'ok' });
    run.send({ type: 'verify.failed', receipt: receipt(1) });
    expect(run.starts()).toEqual(['testing#2 escalation', 'done#3 phase', 'testing#4 escalation']);
  });

  it('goes back on the phase model without an escalation model, and blocks on the budget as before', () => {
    const run = startIn('done', { verify: true, escalate: false });
    run.send({ type: 'signal.done', summary: 'ok' });
    run.send({ type: 'verify.failed', receipt: receipt(1) });
    expect(run.starts().at(-1)).toBe('testing#2 phase');

    const spent = { ...initialContext(), iterations: { ...initialContext().iterations, testing: 20 } };
    const out = startIn('done', { verify: true }, spent);
    out.send({ type: 'signal.done', summary: 'ok' });
    out.send({ type: 'verify.failed', receipt: receipt(1) });
    expect(out.value()).toEqual({ testing: 'blocked' });
    expect(out.context().blocked?.rule).toBe('budget-exhausted');
    expect(out.context().escalation).toBeUndefined();
  });

  it('--once stops in testing.paused with the escalation pending', () => {
    const run = startIn('done', { verify: true, once: true });
    run.send({ type: 'signal.done', summary: 'ok' });
    expect(run.value()).toEqual({ done: 'verifying' });
    run.send({ type: 'verify.failed', receipt: receipt(1) });
    expect(run.value()).toEqual({ testing: 'paused' });
    expect(run.context().escalation?.cause).toBe('verify');
  });
});
