import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildStopRequest } from '../../src/gates/decision.js';
import { readStopRequest, removeStopRequest, writeStopRequest } from '../../src/gates/stop-request.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

describe('the stop request', () => {
  it('is created once; a second request is told one is pending; the holder removes it', () => {
    const dir = join(makeTempTree({ 's/': '' }), 's');
    const first = buildStopRequest({ channel: 'cli', who: 'ops' });
    expect(writeStopRequest(dir, first)).toEqual({ kind: 'requested', request: first });
    const second = buildStopRequest({ channel: 'telegram', who: '@alice' });
    expect(writeStopRequest(dir, second)).toEqual({ kind: 'already-requested', request: first });
    expect(readStopRequest(dir)).toEqual({ kind: 'requested', request: first });
    removeStopRequest(dir);
    expect(readStopRequest(dir)).toEqual({ kind: 'none' });
  });
});
