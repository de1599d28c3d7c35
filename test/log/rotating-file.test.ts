import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { localDate, openRotatingFile, parseDays, parseSize } from '../../src/log/rotating-file.js';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'samocode-rotate-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const ours = (dir: string) =>
  readdirSync(dir)
    .filter((name) => name.startsWith('samocode-'))
    .sort();

describe('openRotatingFile', () => {
  it('starts a new file when the local date changes during a run', () => {
    const dir = tempDir();
    let now = new Date(2026, 0, 31, 23, 59, 58);
    const errors: unknown[] = [];
    const file = openRotatingFile({
      dir,
      maxBytes: 1024,
      maxDays: 14,
      onError: (e) => errors.push(e),
      now: () => now,
    });
    file.write('before midnight\n');
    now = new Date(2026, 1, 1, 0, 0, 1);
    file.write('after midnight\n');
    file.close();
    expect(errors).toEqual([]);
    expect(ours(dir)).toEqual(['samocode-2026-01-31.log', 'samocode-2026-02-01.log']);
    expect(readFileSync(join(dir, 'samocode-2026-02-01.log'), 'utf8')).toBe('after midnight\n');
  });

  it('goes on with the highest numbered file of the day, and numbers on when it is full', () => {
    const dir = tempDir();
    const now = new Date(2026, 4, 6, 12);
    writeFileSync(join(dir, 'samocode-2026-05-06.log'), 'x'.repeat(100));
    writeFileSync(join(dir, 'samocode-2026-05-06.log.2'), 'y'.repeat(10));
    const file = openRotatingFile({
      dir,
      maxBytes: 40,
      maxDays: 14,
      onError: () => undefined,
      now: () => now,
    });
    file.write('fits in part two\n');
    file.write('does not fit any more\n');
    file.close();
    expect(readFileSync(join(dir, 'samocode-2026-05-06.log.2'), 'utf8')).toBe(
      `${'y'.repeat(10)}fits in part two\n`,
    );
    expect(readFileSync(join(dir, 'samocode-2026-05-06.log.3'), 'utf8')).toBe('does not fit any more\n');
  });

  it('removes its own files last written more than maxDays ago, and nothing else', () => {
    const dir = tempDir();
    const now = new Date(2026, 4, 20, 12);
    const old = new Date(2026, 4, 1);
    for (const name of ['samocode-2026-05-01.log', 'samocode-2026-05-01.log.1', 'notes-2026-05-01.log']) {
      writeFileSync(join(dir, name), 'old\n');
      utimesSync(join(dir, name), old, old);
    }
    writeFileSync(join(dir, 'samocode-2026-05-19.log'), 'recent\n');
    const file = openRotatingFile({
      dir,
      maxBytes: 1024,
      maxDays: 14,
      onError: () => undefined,
      now: () => now,
    });
    file.write('today\n');
    file.close();
    expect(readdirSync(dir).sort()).toEqual([
      'notes-2026-05-01.log',
      'samocode-2026-05-19.log',
      'samocode-2026-05-20.log',
    ]);
  });

  it('reports a failed write once, then writes nothing more instead of throwing', () => {
    const dir = tempDir();
    const now = new Date(2026, 4, 6, 12);
    // The day's file name is taken by a folder, so opening it fails (EISDIR).
    mkdirSync(join(dir, 'samocode-2026-05-06.log'));
    const errors: string[] = [];
    const file = openRotatingFile({
      dir,
      maxBytes: 10,
      maxDays: 14,
      onError: (error) => errors.push(error instanceof Error ? error.message : String(error)),
      now: () => now,
    });
    expect(() => {
      file.write('one\n');
      file.write('two\n');
      file.close();
    }).not.toThrow();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('EISDIR');
  });
});

describe('sizes and days', () => {
  it('reads the forms the options use', () => {
    expect(parseSize('20m')).toBe(20 * 1024 * 1024);
    expect(parseSize('1k')).toBe(1024);
    expect(parseSize('2g')).toBe(2 * 1024 ** 3);
    expect(parseSize('512')).toBe(512);
    expect(parseDays('14d')).toBe(14);
    expect(parseDays(3)).toBe(3);
    expect(() => parseSize('big')).toThrow(/not a size: big/);
    expect(() => parseDays('a fortnight')).toThrow(/not a number of days/);
  });

  it('names files by the local date', () => {
    expect(localDate(new Date(2026, 11, 2, 23, 30))).toBe('2026-12-02');
  });
});
