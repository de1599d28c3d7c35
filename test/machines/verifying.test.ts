/** The `verifying` sub-state on live actors: pass, fail back to testing, and the terminal phase's budget on re-entry. */

import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { PHASE_REGISTRY } from '../../machines/phases.js';
import type { Receipt } from '../../machines/receipt.js';
import { buildWorkflow, defaultSettings, initialContext } from '../../machines/workflow.js';

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
const machine = buildWorkflow(PHASE_REGISTRY, settings);
const at = (value: Record<string, string>, iterations: Partial<Record<string, number>> = {}) =>
  createActor(machine, {
    snapshot: machine.resolveState({
      value,
      context: { ...initialContext(), iterations: { ...initialContext().iterations, ...iterations } },
    }),
  }).start();

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
});
