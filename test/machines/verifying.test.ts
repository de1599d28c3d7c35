/** The `verifying` sub-state on live actors: pass, fail back to testing, and the terminal phase's budget on re-entry. */

import { describe, expect, it } from 'vitest';
import { createActor, fromCallback } from 'xstate';
import type { VerificationEndedEvent, WorkflowEvent } from '../../machines/events.js';
import { PHASE_REGISTRY } from '../../machines/phases.js';
import type { Receipt, VerifyInput } from '../../machines/receipt.js';
import {
  buildWorkflow,
  defaultSettings,
  initialContext,
  type ProviderInput,
} from '../../machines/workflow.js';

const receipt = (exitCode: number): Receipt => ({
  command: 'npm test',
  exitCode,
  durationMs: 5,
  timedOut: false,
  head: 'abc',
  clean: true,
  uncommitted: 0,
  commitsBeyondBase: 1,
  tail: exitCode === 0 ? '' : 'FAIL',
  logFile: '/s/_logs/009-verify.log',
});
const settings = { ...defaultSettings(PHASE_REGISTRY), autoApprove: true, verify: true };
// Built per actor: a test that starts one is seen running the code that builds the machine.
const at = (value: Record<string, string>, iterations: Partial<Record<string, number>> = {}) => {
  const machine = buildWorkflow(PHASE_REGISTRY, settings);
  return createActor(machine, {
    snapshot: machine.resolveState({
      value,
      context: { ...initialContext(), iterations: { ...initialContext().iterations, ...iterations } },
    }),
  }).start();
};

describe('done.verifying', () => {
  it('a done signal waits in verifying; a pass completes with the receipt', () => {
    const actor = at({ done: 'running' });
    actor.send({ type: 'signal.done', summary: 'ok' });
    expect(actor.getSnapshot().value).toEqual({ done: 'verifying' });
    actor.send({ type: 'verify.passed', receipt: receipt(0) });
    expect(actor.getSnapshot().value).toBe('completed');
    expect(actor.getSnapshot().context.receipt).toEqual(receipt(0));
  });

  it('a failure goes back to testing with the receipt for its agent; the next iteration clears it', () => {
    const actor = at({ done: 'running' });
    actor.send({ type: 'signal.done', summary: 'ok' });
    actor.send({ type: 'verify.failed', receipt: receipt(1) });
    expect(actor.getSnapshot().value).toEqual({ testing: 'running' });
    expect(actor.getSnapshot().context.verifyFailure).toEqual(receipt(1));
    actor.send({ type: 'signal.continue', target: 'done' });
    expect(actor.getSnapshot().context.verifyFailure).toBeUndefined();
  });

  it('re-entering the terminal phase after failed checks is held to its budget', () => {
    const budget = PHASE_REGISTRY.done.maxIterations;
    const actor = at({ testing: 'running' }, { done: budget });
    actor.send({ type: 'signal.continue', target: 'done' });
    expect(actor.getSnapshot().value).toEqual({ done: 'blocked' });
    expect(actor.getSnapshot().context.blocked?.rule).toBe('budget-exhausted');
  });

  it('without a verify command, done completes at once and nothing is verified', () => {
    const plain = buildWorkflow(PHASE_REGISTRY, { ...settings, verify: false });
    const actor = createActor(plain, {
      snapshot: plain.resolveState({ value: { done: 'running' }, context: initialContext() }),
    }).start();
    actor.send({ type: 'signal.done', summary: 'ok' });
    expect(actor.getSnapshot().value).toBe('completed');
    expect(actor.getSnapshot().context.receipt).toBeUndefined();
  });

  it('hands the verifier the iteration whose done it checks, and says how the check ended', () => {
    const checked: VerifyInput[] = [];
    const started: ProviderInput[] = [];
    const machine = buildWorkflow(PHASE_REGISTRY, settings).provide({
      actors: {
        verifier: fromCallback<WorkflowEvent, VerifyInput>(({ input }) => {
          checked.push(input);
        }),
        provider: fromCallback<WorkflowEvent, ProviderInput>(({ input }) => {
          started.push(input);
        }),
      },
    });
    const context = { ...initialContext(), totalIterations: 8 };
    const actor = createActor(machine, {
      snapshot: machine.resolveState({ value: { done: 'running' }, context }),
    }).start();
    const ended: VerificationEndedEvent[] = [];
    actor.on('verification.ended', (event) => ended.push(event));
    actor.send({ type: 'signal.done', summary: 'ok' });
    expect(checked).toEqual([{ iteration: 9 }]);
    actor.send({ type: 'verify.failed', receipt: receipt(1) });
    expect(ended).toEqual([{ type: 'verification.ended', iteration: 9, passed: false, receipt: receipt(1) }]);
    // The testing agent that runs next is shown the failed check.
    expect(started.at(-1)).toMatchObject({ phase: 'testing', iteration: 10, verifyFailure: receipt(1) });
    actor.send({ type: 'signal.continue', target: 'done' });
    expect(started.at(-1)?.verifyFailure).toBeUndefined();
    actor.send({ type: 'signal.done', summary: 'ok' });
    expect(checked).toEqual([{ iteration: 9 }, { iteration: 11 }]);
    actor.send({ type: 'verify.passed', receipt: receipt(0) });
    expect(ended.at(-1)).toEqual({
      type: 'verification.ended',
      iteration: 11,
      passed: true,
      receipt: receipt(0),
    });
    expect(actor.getSnapshot().context.receipt).toEqual(receipt(0));
  });

  it('with --once a failed check stops in testing before its agent runs', () => {
    const machine = buildWorkflow(PHASE_REGISTRY, { ...settings, once: true });
    const actor = createActor(machine, {
      snapshot: machine.resolveState({ value: { done: 'running' }, context: initialContext() }),
    }).start();
    actor.send({ type: 'signal.done', summary: 'ok' });
    actor.send({ type: 'verify.failed', receipt: receipt(1) });
    expect(actor.getSnapshot().value).toEqual({ testing: 'paused' });
    actor.send({ type: 'resume' });
    expect(actor.getSnapshot().value).toEqual({ testing: 'running' });
  });

  it('only the terminal phase has verifying, whatever the settings; a done goes there only with a verify command', () => {
    const withVerify = buildWorkflow(PHASE_REGISTRY, settings);
    const without = buildWorkflow(PHASE_REGISTRY, { ...settings, verify: false });
    const verifyingIn = (machine: typeof withVerify) =>
      Object.entries(machine.root.states)
        .filter(([, node]) => 'verifying' in node.states)
        .map(([phase]) => phase);
    expect(verifyingIn(withVerify)).toEqual(['done']);
    expect(verifyingIn(without)).toEqual(['done']);
  });
});
