/** `_signal.json` is read safely: no symlink followed, no FIFO opened for blocking, at most the cap. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_SIGNAL_BYTES } from '../../machines/signal.js';
import { readSignalFile } from '../../src/providers/signal-file.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

describe('readSignalFile', () => {
  it('reads a regular file; undefined when there is none', async () => {
    const dir = makeTempTree();
    expect(readSignalFile(dir)).toBeUndefined();
    writeFileSync(join(dir, '_signal.json'), '{"status":"continue"}');
    expect(readSignalFile(dir)).toEqual({ text: '{"status":"continue"}' });
  });

  it('does not follow a symlink', async () => {
    const dir = makeTempTree({ 'secret.txt': 'root:x:0:0' });
    symlinkSync(join(dir, 'secret.txt'), join(dir, '_signal.json'));
    expect(readSignalFile(dir)).toEqual({
      problem: '_signal.json is a symbolic link; samocode reads only a regular file the agent wrote',
    });
  });

  it('does not block on a FIFO nobody writes', async () => {
    const dir = makeTempTree();
    execFileSync('mkfifo', [join(dir, '_signal.json')]);
    expect(readSignalFile(dir)).toEqual({
      problem: '_signal.json is a FIFO (named pipe), not a regular file; samocode reads only a regular file',
    });
  });

  it('refuses a directory', async () => {
    const dir = makeTempTree();
    mkdirSync(join(dir, '_signal.json'));
    expect(readSignalFile(dir)).toMatchObject({ problem: expect.stringContaining('a directory') });
  });

  it('reads at most the cap and says "over 65536 bytes"', async () => {
    const dir = makeTempTree();
    writeFileSync(join(dir, '_signal.json'), 'x'.repeat(100 * 1024));
    expect(readSignalFile(dir)).toEqual({
      problem: `_signal.json is over ${MAX_SIGNAL_BYTES} bytes, the limit; it was not read`,
    });
    writeFileSync(join(dir, '_signal.json'), 'x'.repeat(MAX_SIGNAL_BYTES));
    expect(readSignalFile(dir)).toEqual({ text: 'x'.repeat(MAX_SIGNAL_BYTES) });
  });
});
