/** The run flags a queued request carries: kept as given, read back with what a run does not take left out. */
import { describe, expect, it } from 'vitest';
import { pickRunFlags, readRequestFlags } from '../../src/cli/run-request.js';

describe('run flags of a queued request', () => {
  it('keeps the run flags given and drops the rest (config, session, unset ones)', () => {
    const picked = pickRunFlags({
      config: '/p/.samocode',
      session: 'add-login',
      task: 'Add a login form',
      autoApprove: true,
      set: ['SAMOCODE_MAX_RETRIES=5'],
      model: undefined,
    });
    expect(picked).toEqual({ task: 'Add a login form', autoApprove: true, set: ['SAMOCODE_MAX_RETRIES=5'] });
  });

  it('reads back only the flags that parse, from whatever the queue file holds', () => {
    expect(
      readRequestFlags({ task: 'T', once: 'yes', maxCost: '5', inspect: true, wait: false, set: [1] }),
    ).toEqual({ task: 'T', maxCost: '5' });
    expect(readRequestFlags(['task'])).toEqual({});
    expect(readRequestFlags(null)).toEqual({});
  });
});
