/** Session files read without trust: real FIFOs, symlinks and sparse files in a temp folder. */
import { execFileSync } from 'node:child_process';
import { symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSessionFile, readSessionFileTail, renderBytes } from '../../src/session/read-session-file.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

const NOT_REGULAR = 'not a regular file; samocode reads and writes only regular files there';

describe('readSessionFile', () => {
  it('reads a regular file whole, and says nothing exists for a missing one', () => {
    const dir = makeTempTree({ 'a.json': '{"v":1}' });
    expect(readSessionFile(join(dir, 'a.json'), 100)).toEqual({ text: '{"v":1}', size: 7, skippedBytes: 0 });
    expect(readSessionFile(join(dir, 'none.json'), 100)).toBeUndefined();
  });

  it('opens a FIFO nobody writes without blocking and refuses it', () => {
    const path = join(makeTempTree(), 'fifo');
    execFileSync('mkfifo', [path]);
    expect(readSessionFile(path, 100)).toEqual({
      problem: `is a FIFO (named pipe), ${NOT_REGULAR}`,
      what: 'a FIFO (named pipe)',
    });
  });

  it.each(['/dev/zero', '/etc/passwd'])('does not follow a symlink to %s', (target) => {
    const path = join(makeTempTree(), 'link');
    symlinkSync(target, path);
    expect(readSessionFile(path, 100)).toEqual({
      problem: 'is a symbolic link; samocode reads and writes only regular files there',
      what: 'a symbolic link',
    });
  });

  it('refuses a folder in place of the file', () => {
    const dir = makeTempTree({ 'sub/': '' });
    expect(readSessionFile(join(dir, 'sub'), 100)).toMatchObject({ what: 'a directory' });
  });

  it('refuses a file over the cap by its size, without reading it (a sparse 300 MB file)', () => {
    const path = join(makeTempTree(), 'big');
    writeFileSync(path, '');
    truncateSync(path, 300_000_000);
    expect(readSessionFile(path, 8 * 1024 * 1024)).toEqual({
      problem: 'is 300.0 MB, more than the 8.4 MB samocode ever writes there; it was not read',
      what: 'a file of 300.0 MB',
    });
  });
});

describe('readSessionFileTail', () => {
  it('reads a short file whole', () => {
    const dir = makeTempTree({ 'h.jsonl': 'a\nb\n' });
    expect(readSessionFileTail(join(dir, 'h.jsonl'), 100)).toEqual({
      text: 'a\nb\n',
      size: 4,
      skippedBytes: 0,
    });
  });

  it('reads only the last bytes of a long file, from the first whole line in them', () => {
    const dir = makeTempTree({ 'h.jsonl': '0123456789\nabc\ndef\n' });
    expect(readSessionFileTail(join(dir, 'h.jsonl'), 10)).toEqual({
      text: 'abc\ndef\n',
      size: 19,
      skippedBytes: 11,
    });
  });

  it('refuses a FIFO and a symlink like the whole-file read', () => {
    const dir = makeTempTree();
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    symlinkSync('/dev/zero', join(dir, 'zero'));
    expect(readSessionFileTail(join(dir, 'fifo'), 10)).toMatchObject({ what: 'a FIFO (named pipe)' });
    expect(readSessionFileTail(join(dir, 'zero'), 10)).toMatchObject({ what: 'a symbolic link' });
  });
});

describe('renderBytes', () => {
  it.each([
    [17, '17 bytes'],
    [12_500, '12.5 KB'],
    [300_000_000, '300.0 MB'],
  ])('%i → %s', (bytes, text) => {
    expect(renderBytes(bytes)).toBe(text);
  });
});
