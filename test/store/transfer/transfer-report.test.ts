/** The lines `store import` and `store export` print, and their exit code. */
import { describe, expect, it } from 'vitest';
import {
  renderTransferLine,
  renderTransferTotal,
  toTransferExit,
} from '../../../src/store/transfer/transfer-report.js';
import type { TransferOutcome } from '../../../src/store/transfer/transfer-session.js';

const copied: TransferOutcome = { kind: 'copied', session: 's1', rows: 7, newRows: 7 };
const resumed: TransferOutcome = { kind: 'copied', session: 's2', rows: 7, newRows: 2 };
const same: TransferOutcome = { kind: 'same', session: 's3', rows: 1 };
const skipped: TransferOutcome = { kind: 'skipped', session: 's4', reason: 'held by samocode run' };
const failed: TransferOutcome = { kind: 'failed', session: 's5', reason: 'no snapshot' };

describe('transfer report', () => {
  it.each([
    [copied, 's1: copied, 7 rows'],
    [resumed, 's2: copied, 7 rows (2 new)'],
    [same, 's3: already in the store, 1 row'],
    [skipped, 's4: skipped: held by samocode run'],
    [failed, 's5: failed: no snapshot'],
  ])('%o prints %s', (outcome, line) => {
    expect(renderTransferLine(outcome, 'the store')).toBe(line);
  });

  it('totals every kind that happened', () => {
    expect(renderTransferTotal([copied, resumed, same, skipped], 'the session folder')).toBe(
      '4 sessions: 2 copied, 1 already in the session folder, 1 skipped',
    );
    expect(renderTransferTotal([], 'the store')).toBe('no sessions to copy');
  });

  it('exits 0 only when every session was copied or there already', () => {
    expect(toTransferExit([copied, same])).toBe(0);
    expect(toTransferExit([])).toBe(0);
    expect(toTransferExit([copied, skipped])).toBe(1);
    expect(toTransferExit([failed])).toBe(1);
  });
});
