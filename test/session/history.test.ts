import { execFileSync } from 'node:child_process';
import { appendFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendHistoryRow, type HistoryRow, readHistory, readLastRow } from '../../src/session/history.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

const row = (iteration: number, rawSignal: string | null = '{"status":"continue"}'): HistoryRow => ({
  v: 1,
  time: new Date(Date.UTC(2026, 0, 1, 0, 0, iteration)).toISOString(),
  iteration,
  sourcePhase: 'init',
  rawSignal,
  event: 'signal.continue',
  target: 'investigation',
  accepted: true,
  rejection: null,
  state: 'investigation.running',
  outcome: 'success',
  attempts: 1,
  durationMs: 10,
  tokens: { input: 1, output: 2 },
  costUsd: 0.5,
  provider: 'claude',
  model: 'opus',
});

describe('history', () => {
  it('skips corrupt lines and counts them', () => {
    const path = join(makeTempTree(), '_signal_history.jsonl');
    appendHistoryRow(path, row(1));
    appendFileSync(path, '{not json\n{"v":2}\n');
    appendHistoryRow(path, row(2));
    appendFileSync(path, '{"v":1,"trunc');
    const read = readHistory(path);
    expect(read.rows.map((r) => r.iteration)).toEqual([1, 2]);
    expect(read.skipped).toBe(3);
    expect(readLastRow(path)?.iteration).toBe(2);
  });

  it('reads the last row from the tail of a 10,000-row file, also across a chunk boundary', () => {
    const path = join(makeTempTree(), '_signal_history.jsonl');
    writeFileSync(
      path,
      `${Array.from({ length: 10_000 }, (_, i) => JSON.stringify(row(i + 1))).join('\n')}\n`,
    );
    expect(readLastRow(path)?.iteration).toBe(10_000);
    appendHistoryRow(path, row(10_001, 'x'.repeat(100_000)));
    expect(readLastRow(path)?.rawSignal?.length).toBe(100_000);
  });

  it('has no last row for a missing or all-corrupt file', () => {
    const dir = makeTempTree();
    expect(readLastRow(join(dir, 'none.jsonl'))).toBeUndefined();
    writeFileSync(join(dir, 'bad.jsonl'), 'garbage\n');
    expect(readLastRow(join(dir, 'bad.jsonl'))).toBeUndefined();
  });

  it('reads only the tail of a history larger than the cap and says so', () => {
    const path = join(makeTempTree(), '_signal_history.jsonl');
    writeFileSync(
      path,
      `${Array.from({ length: 1_000 }, (_, i) => JSON.stringify(row(i + 1))).join('\n')}\n`,
    );
    const oneRow = Buffer.byteLength(`${JSON.stringify(row(1000))}\n`);
    const read = readHistory(path, oneRow * 10);
    expect(read.rows.map((r) => r.iteration)).toEqual([991, 992, 993, 994, 995, 996, 997, 998, 999, 1000]);
    expect(read.skipped).toBe(0);
    expect(read.problem).toMatch(
      /^_signal_history\.jsonl is \d+\.\d KB; only its last \d+\.\d KB were read \(10 row\(s\)\), so counts and sums cover those$/,
    );
    expect(readHistory(path).problem).toBeUndefined();
  });

  it('names a FIFO or a symlink instead of reading it, and refuses to append to it', () => {
    const dir = makeTempTree();
    const fifo = join(dir, 'fifo.jsonl');
    const link = join(dir, 'link.jsonl');
    execFileSync('mkfifo', [fifo]);
    symlinkSync('/dev/zero', link);
    expect(readHistory(fifo)).toEqual({
      rows: [],
      skipped: 0,
      problem:
        'fifo.jsonl is a FIFO (named pipe), not a regular file; samocode reads and writes only regular files there',
    });
    expect(readHistory(link).problem).toMatch(/^link\.jsonl is a symbolic link/);
    expect(() => readLastRow(fifo)).toThrow(
      expect.objectContaining({ code: 'session.history', exitCode: 2 }),
    );
    expect(() => readLastRow(link)).toThrow(/link\.jsonl is a symbolic link; .*mv /);
    expect(() => appendHistoryRow(fifo, row(1))).toThrow(
      expect.objectContaining({ code: 'session.history', message: expect.stringContaining('is a FIFO') }),
    );
    expect(() => appendHistoryRow(link, row(1))).toThrow(/is a symbolic link/);
  });
});
