import { execFileSync } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedSettings } from '../../src/config/recorded-settings.js';
import { readSessionSettings, writeSessionSettings } from '../../src/session/session-settings.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

const record: RecordedSettings = {
  v: 1,
  recordedAt: '2026-01-01T00:00:00.000Z',
  origin: 'created',
  settings: {
    verify: { value: 'GH=ghp_abcdefghijklmnopqrstuvwx npm test', source: 'flag' },
    autoApprove: { value: true, source: 'flag', baseline: false },
  },
  changes: [],
};

describe('_settings.json', () => {
  it('is undefined before the first run records it', () => {
    expect(readSessionSettings(join(makeTempTree({}), '_settings.json'))).toBeUndefined();
  });

  it('is written atomically and read back, with token shapes scrubbed even if the merge missed one', () => {
    const path = join(makeTempTree({}), '_settings.json');
    writeSessionSettings(path, record);
    expect(readFileSync(path, 'utf8')).not.toContain('ghp_');
    expect(readSessionSettings(path)?.settings.verify?.value).toBe('GH=[redacted] npm test');
    expect(readSessionSettings(path)?.settings.autoApprove).toEqual({
      value: true,
      source: 'flag',
      baseline: false,
    });
  });

  it('names a symlink or a FIFO in place of the record instead of following or blocking on it', () => {
    const tree = makeTempTree({});
    const elsewhere = join(tree, 'elsewhere.json');
    writeFileSync(elsewhere, JSON.stringify(record));
    const link = join(tree, 'link.json');
    symlinkSync(elsewhere, link);
    expect(() => readSessionSettings(link)).toThrow(/link\.json is a symbolic link; samocode reads/);
    const fifo = join(tree, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    expect(() => readSessionSettings(fifo)).toThrow(
      /fifo\.json is a FIFO \(named pipe\), not a regular file/,
    );
  });

  it.each([
    ['not JSON', '{', 'is not valid JSON'],
    ['another shape', '{"v":2}', 'is not a samocode settings file (v: Invalid input: expected 1'],
  ])('a damaged file (%s) is an error that says how to go on', (_, text, problem) => {
    const path = join(makeTempTree({}), '_settings.json');
    writeFileSync(path, text);
    expect(() => readSessionSettings(path)).toThrow(
      expect.objectContaining({
        code: 'session.settings',
        message: expect.stringMatching(
          new RegExp(
            `${problem.replace(/[()]/g, '\\$&')}.*restore it, or move it aside \\(mv .* .*\\.bad\\) and the next run records the current settings`,
          ),
        ),
      }),
    );
  });
});
