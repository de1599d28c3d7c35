import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PHASES } from '../../machines/phases.js';
import { writeFileAtomic } from '../../src/session/atomic-write.js';
import { readSessionState, writeSessionState } from '../../src/session/snapshot-store.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temp file behind', () => {
    const dir = makeTempTree({ 'a.md': 'old' });
    writeFileAtomic(join(dir, 'a.md'), 'new');
    expect(readFileSync(join(dir, 'a.md'), 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['a.md']);
  });

  it('fails without touching the target when the directory is missing', () => {
    const dir = makeTempTree();
    expect(() => writeFileAtomic(join(dir, 'no', 'a.md'), 'x')).toThrow(/ENOENT/);
  });
});

describe('state file', () => {
  it('a corrupt _state.json is a session.state error that says what to do', () => {
    const dir = makeTempTree({ '_state.json': '{"v":1,"snap' });
    expect(() => readSessionState(join(dir, '_state.json'))).toThrow(/not valid JSON.*mv /);
    writeFileSync(join(dir, '_state.json'), '{"v":1,"snapshot":{}}');
    expect(() => readSessionState(join(dir, '_state.json'))).toThrow(/not a samocode state file/);
    const zeroes = Object.fromEntries(PHASES.map((phase) => [phase, 0]));
    const snapshot = {
      status: 'active',
      value: { init: 'running' },
      context: { iterations: zeroes, allowance: zeroes, totalIterations: 0, attempt: 1 },
    };
    writeSessionState(join(dir, '_state.json'), { v: 1, snapshot, notified: ['a'] });
    expect(readSessionState(join(dir, '_state.json'))).toEqual({ v: 1, snapshot, notified: ['a'] });
  });
});
