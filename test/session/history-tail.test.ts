import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendHistoryRow, type HistoryRow, readHistory, readLastRow } from '../../src/session/history.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

const row = (iteration: number): HistoryRow => ({
  v: 1,
  time: '2026-12-02T00:00:00.000Z',
  iteration,
  sourcePhase: 'init',
  rawSignal: null,
  event: 'signal.blocked',
  target: 'init',
  accepted: true,
  rejection: null,
  state: 'init.blocked',
  outcome: 'success',
  attempts: 1,
  durationMs: 10,
  tokens: { input: 1, output: 1 },
  costUsd: 0,
  provider: 'claude',
  model: 'opus',
});

describe('history tail', () => {
  it('appends after a torn last line on a fresh line, so the torn line swallows nothing', () => {
    const path = join(makeTempTree(), '_signal_history.jsonl');
    appendHistoryRow(path, row(1));
    appendFileSync(path, '{"v":1,"iter');
    appendHistoryRow(path, row(2));
    expect(readHistory(path)).toMatchObject({ skipped: 1, rows: [{ iteration: 1 }, { iteration: 2 }] });
    expect(readLastRow(path)?.iteration).toBe(2);
  });

  // 16 MiB without a newline took 48 s when every chunk re-split the whole tail; the 20 s limit is 100× the linear time.
  it('finds the last row before a 16 MiB line without a newline in linear time', () => {
    const path = join(makeTempTree(), '_signal_history.jsonl');
    appendHistoryRow(path, row(7));
    appendFileSync(path, 'x'.repeat(16 * 1024 * 1024));
    expect(readLastRow(path)?.iteration).toBe(7);
  }, 20_000);

  it('reads an old row with a negative duration (a wall-clock jump) as 0', () => {
    const path = join(makeTempTree(), '_signal_history.jsonl');
    writeFileSync(path, `${JSON.stringify({ ...row(3), durationMs: -3_600_000 })}\n`);
    expect(readLastRow(path)?.durationMs).toBe(0);
    expect(readHistory(path).rows[0]?.durationMs).toBe(0);
  });
});
