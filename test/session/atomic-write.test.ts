import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initialContext } from '../../machines/context.js';
import { MAX_SIGNAL_BYTES } from '../../machines/signal.js';
import { readSignalFile } from '../../src/providers/signal-file.js';
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

describe('signal file and state file', () => {
  it('reads at most MAX_SIGNAL_BYTES + 1 bytes of a signal', async () => {
    const dir = makeTempTree();
    expect(await readSignalFile(dir)).toBeUndefined();
    writeFileSync(join(dir, '_signal.json'), 'x'.repeat(MAX_SIGNAL_BYTES * 3));
    expect((await readSignalFile(dir))?.length).toBe(MAX_SIGNAL_BYTES + 1);
  });

  it('a corrupt _state.json is a session.state error that says what to do', () => {
    const dir = makeTempTree({ '_state.json': '{"v":1,"snap' });
    expect(() => readSessionState(join(dir, '_state.json'))).toThrow(/not valid JSON.*mv /);
    writeFileSync(join(dir, '_state.json'), '{"v":1,"snapshot":{}}');
    expect(() => readSessionState(join(dir, '_state.json'))).toThrow(/not a samocode state file/);
    const snapshot = { status: 'active', value: { init: 'running' }, context: initialContext() };
    writeSessionState(join(dir, '_state.json'), { v: 1, snapshot, notified: ['a'] });
    expect(readSessionState(join(dir, '_state.json'))).toEqual({ v: 1, snapshot, notified: ['a'] });
    // The context is checked against the machine's one schema.
    const wrong = { ...snapshot, context: { ...initialContext(), attempt: 'one' } };
    writeSessionState(join(dir, '_state.json'), { v: 1, snapshot: wrong });
    expect(() => readSessionState(join(dir, '_state.json'))).toThrow(/snapshot\.context\.attempt/);
  });
});
