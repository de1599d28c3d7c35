import { describe, expect, it } from 'vitest';
import { PHASE_REGISTRY } from '../../machines/phases.js';
import { buildWorkflow, initialContext } from '../../machines/workflow.js';
import { exitCodeOf } from '../../src/runner/exit-code.js';

const machine = buildWorkflow(PHASE_REGISTRY);
const at = (value: string | Record<string, string>) =>
  machine.resolveState({ value, context: initialContext() });

describe('exitCodeOf reads the exit tag of the state', () => {
  it.each([
    ['completed', 0],
    [{ requirements: 'awaitingAnswers' }, 10],
    [{ planning: 'awaitingApproval' }, 10],
    [{ testing: 'blocked' }, 11],
    [{ init: 'failed' }, 12],
    [{ investigation: 'paused' }, 0],
    [{ init: 'running' }, undefined],
    [{ init: 'retrying' }, undefined],
    [{ init: 'suspended' }, undefined],
  ])('%j → %s', (value, code) => {
    expect(exitCodeOf(at(value))).toBe(code);
  });
});
