import { describe, expect, it } from 'vitest';
import { exitCodeOf } from '../../src/runner/exit-code.js';

describe('exitCodeOf', () => {
  it.each([
    [{ status: 'done', value: 'completed' }, 0],
    [{ status: 'active', value: { requirements: 'awaitingHuman' } }, 10],
    [{ status: 'active', value: { planning: 'awaitingApproval' } }, 10],
    [{ status: 'active', value: { testing: 'blocked' } }, 11],
    [{ status: 'active', value: { init: 'failed' } }, 12],
    [{ status: 'active', value: { init: 'running' } }, undefined],
    [{ status: 'active', value: { init: 'retrying' } }, undefined],
    [{ status: 'active', value: { init: 'suspended' } }, undefined],
  ])('%j → %s', (snapshot, code) => {
    expect(exitCodeOf(snapshot)).toBe(code);
  });
});
