/** `toSessionFiles`: a store's record as `ls` reads it. Pure. */
import { describe, expect, it } from 'vitest';
import { toSessionFiles } from '../../src/fleet/read-stored-fleet.js';
import type { SessionRecord } from '../../src/store/session-store.js';
import { sampleRow, sampleSnapshot } from '../store/store-records.js';

const NOW = Date.parse('2026-12-07T12:00:00.000Z');

function record(extra: Partial<SessionRecord> = {}): SessionRecord {
  return {
    session: '26-12-07-listed',
    snapshot: sampleSnapshot(2),
    lastSeq: 2,
    rows: [
      { seq: 1, row: sampleRow(1) },
      { seq: 2, row: sampleRow(2) },
    ],
    files: {},
    updatedAt: '2026-12-07T11:59:00.000Z',
    ...extra,
  };
}

describe('toSessionFiles', () => {
  it('makes the state from the snapshot and the last row, and the folder path under this SESSIONS', () => {
    const files = toSessionFiles(record(), '/here/sessions', NOW);
    expect(files.dir).toBe('/here/sessions/26-12-07-listed');
    expect(files.state?.lastRow?.iteration).toBe(2);
    expect(files.rows.map((row) => row.iteration)).toEqual([1, 2]);
    expect(files.changedAtMs).toBe(Date.parse('2026-12-07T11:59:00.000Z'));
    expect(files.lock).toEqual({ isLive: false });
  });

  it('counts a live lease as a running session held by its worker, an expired one as none', () => {
    const holder = { worker: 'worker-b', since: '2026-12-07T11:00:00.000Z' };
    const live = toSessionFiles(
      record({ holder: { ...holder, expiresAt: '2026-12-07T12:00:30.000Z' } }),
      '/s',
      NOW,
    );
    expect(live.lock.isLive).toBe(true);
    expect(live.heldBy).toBe('worker-b');
    const expired = toSessionFiles(
      record({ holder: { ...holder, expiresAt: '2026-12-07T11:59:30.000Z' } }),
      '/s',
      NOW,
    );
    expect(expired.lock.isLive).toBe(false);
    expect(expired.heldBy).toBeUndefined();
  });

  it('names a snapshot or settings it cannot read, and skips rows that are not history rows', () => {
    const files = toSessionFiles(
      record({
        snapshot: { value: 'nowhere' },
        settings: { v: 'x' },
        rows: [
          { seq: 1, row: sampleRow(1) },
          { seq: 2, row: { not: 'a row' } },
        ],
      }),
      '/s',
      NOW,
    );
    expect(files.state).toBeUndefined();
    expect(files.stateProblem).toContain("the store's snapshot of 26-12-07-listed is not valid");
    expect(files.settingsProblem).toContain("the store's settings of 26-12-07-listed are not valid");
    expect(files.corruptHistoryLines).toBe(1);
    expect(files.rows).toHaveLength(1);
  });
});
