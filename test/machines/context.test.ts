/**
 * The one context schema and the two views of a saved context derived from it: the restore check
 * (the counters must be whole) and the lenient reader of status, ls, plan and notifications (an
 * old or hand-edited field reads as absent, the rest survives).
 */
import { describe, expect, it } from 'vitest';
import {
  initialContext,
  RestoredContextSchema,
  readSavedContext,
  WorkflowContextSchema,
} from '../../machines/context.js';
import { PHASE_REGISTRY } from '../../machines/phases.js';
import { startWorkflow } from '../helpers/workflow-harness.js';

/** A context as `_state.json` holds it: a live actor's, blocked by the agent, through JSON. */
function savedBlockedContext(): Record<string, unknown> {
  const session = startWorkflow(PHASE_REGISTRY);
  session.send({ type: 'signal.blocked', reason: 'need the key', needs: 'environment' });
  expect(session.value()).toEqual({ init: 'blocked' });
  return JSON.parse(JSON.stringify(session.context()));
}

describe('the saved context reader', () => {
  it('reads a context the machine wrote as the machine holds it', () => {
    const saved = savedBlockedContext();
    const read = readSavedContext(saved);
    expect(read).toEqual(WorkflowContextSchema.parse(saved));
    expect(read.blocked).toEqual({ rule: 'agent', reason: 'need the key', needs: 'environment' });
    expect(read.totalIterations).toBe(1);
  });

  it('reads a field that does not match its declaration as absent and keeps the others', () => {
    const saved = {
      ...savedBlockedContext(),
      summary: 5,
      blocked: { reason: 'no needs' },
      attempt: 0,
      waiting: { for: 'coffee' },
    };
    const read = readSavedContext(saved);
    expect(read.summary).toBeUndefined();
    expect(read.blocked).toBeUndefined();
    expect(read.attempt).toBeUndefined();
    expect(read.waiting).toBeUndefined();
    expect(read.totalIterations).toBe(1);
    expect(read.iterations?.init).toBe(1);
  });

  it('leaves the spend book and grants of an older session absent instead of empty', () => {
    const { spend: _spend, granted: _granted, ...older } = savedBlockedContext();
    const read = readSavedContext(older);
    expect(read.spend).toBeUndefined();
    expect(read.granted).toBeUndefined();
    expect(WorkflowContextSchema.parse(older).spend).toEqual(initialContext().spend);
  });

  it('keeps fields it does not know (a newer samocode wrote them)', () => {
    expect(readSavedContext({ ...savedBlockedContext(), futureField: 'x' })).toMatchObject({
      futureField: 'x',
    });
  });

  it.each([null, undefined, 'context', 3, []])('reads %j as an empty context', (value) => {
    expect(readSavedContext(value)).toEqual({});
  });
});

describe('the restore check', () => {
  it('accepts the context the machine wrote and passes the other fields through', () => {
    const saved = savedBlockedContext();
    expect(RestoredContextSchema.parse(saved)).toEqual(saved);
  });

  it.each([
    ['without iterations', { iterations: undefined }],
    ['with a phase missing from allowance', { allowance: { init: 0 } }],
    ['with an unknown phase counted', { iterations: { ...initialContext().iterations, deploy: 1 } }],
    ['with a negative total', { totalIterations: -1 }],
    ['with attempt 0', { attempt: 0 }],
    ['with a fractional attempt', { attempt: 1.5 }],
  ])('refuses a context %s', (_name, change) => {
    expect(RestoredContextSchema.safeParse({ ...savedBlockedContext(), ...change }).success).toBe(false);
  });
});
