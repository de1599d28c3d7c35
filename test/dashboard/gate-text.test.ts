import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_ACTION_BYTES } from '../../src/dashboard/dashboard-actions.js';
import { buildStoredGateText } from '../../src/dashboard/gate-text.js';

const DIR = '/sessions/26-12-07-shared';

describe('the gate text of a stored session', () => {
  it('shows the newest plan for an approval, named where a run here keeps it', () => {
    const files = { '002-plan.md': 'old', '010-plan-v2.md': 'new', '_qa.md': 'qa', 'notes.md': 'n' };
    expect(buildStoredGateText(files, DIR, { kind: 'approval' })).toEqual({
      path: join(DIR, '010-plan-v2.md'),
      text: 'new',
    });
  });

  it('shows _qa.md for answers, empty when the store has none', () => {
    expect(buildStoredGateText({ '_qa.md': 'Q1?' }, DIR, { kind: 'answers' })).toEqual({
      path: join(DIR, '_qa.md'),
      text: 'Q1?',
    });
    expect(buildStoredGateText({}, DIR, { kind: 'answers' })).toEqual({
      path: join(DIR, '_qa.md'),
      text: '',
    });
  });

  it('shows nothing for an approval without a plan, or for a gate without a file', () => {
    expect(buildStoredGateText({ 'notes.md': 'n' }, DIR, { kind: 'approval' })).toBeUndefined();
    expect(buildStoredGateText({ '_qa.md': 'q' }, DIR, { kind: 'grant' })).toBeUndefined();
    expect(buildStoredGateText({ '_qa.md': 'q' }, DIR, undefined)).toBeUndefined();
  });

  it('says a file too large for the form is too large instead of sending it', () => {
    const text = buildStoredGateText({ '_qa.md': 'x'.repeat(MAX_ACTION_BYTES + 1) }, DIR, {
      kind: 'answers',
    });
    expect(text).toEqual({
      path: join(DIR, '_qa.md'),
      text: `(larger than ${MAX_ACTION_BYTES} bytes: too large to show here)`,
    });
  });
});
