/** `writeWorkingCopy`: a stored session made into a session folder, in a real temp dir. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isSamocodeError } from '../../../src/errors.js';
import { readHistory } from '../../../src/session/history.js';
import { readSessionState } from '../../../src/session/snapshot-store.js';
import { writeWorkingCopy } from '../../../src/store/folder/working-copy.js';
import type { SessionRecord } from '../../../src/store/session-store.js';
import { makeTempTree, removeTempTrees } from '../../helpers/temp-session.js';
import { sampleRow, sampleSnapshot } from '../store-records.js';

afterEach(() => removeTempTrees());

function record(extra: Partial<SessionRecord> = {}): SessionRecord {
  return {
    session: '26-12-07-copy',
    snapshot: sampleSnapshot(2),
    overview: '# Overview\n',
    settings: { v: 1 },
    lastSeq: 2,
    rows: [
      { seq: 1, row: sampleRow(1) },
      { seq: 2, row: sampleRow(2) },
    ],
    files: { 'notes.md': 'from the store', 'plan/steps.md': 'step one' },
    notified: ['k1'],
    ...extra,
  };
}

describe('writeWorkingCopy', () => {
  it("writes the history, the state with its last row and notification keys, the overview, settings and the agent's files", () => {
    const dir = join(makeTempTree(), '26-12-07-copy');
    const base = writeWorkingCopy(dir, record());
    expect(readHistory(join(dir, '_signal_history.jsonl')).rows.map((r) => r.iteration)).toEqual([1, 2]);
    const state = readSessionState(join(dir, '_state.json'));
    expect(state?.lastRow?.iteration).toBe(2);
    expect(state?.notified).toEqual(['k1']);
    expect(readFileSync(join(dir, '_overview.md'), 'utf8')).toBe('# Overview\n');
    expect(readFileSync(join(dir, 'plan/steps.md'), 'utf8')).toBe('step one');
    expect(base).toEqual({ overview: '# Overview\n', settings: { v: 1 }, files: record().files });
  });

  it('removes what only an earlier copy here had: an agent file the store no longer holds, a leftover signal', () => {
    const dir = join(makeTempTree(), '26-12-07-copy');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'gone.md'), 'removed by a run elsewhere');
    writeFileSync(join(dir, '_signal.json'), '{"status":"done"}');
    mkdirSync(join(dir, '_logs'));
    writeFileSync(join(dir, '_logs', 'provider.log'), 'kept: this machine only');
    writeWorkingCopy(dir, record());
    expect(existsSync(join(dir, 'gone.md'))).toBe(false);
    expect(existsSync(join(dir, '_signal.json'))).toBe(false);
    expect(readFileSync(join(dir, '_logs', 'provider.log'), 'utf8')).toBe('kept: this machine only');
  });

  it('refuses a stored file path that leaves the session folder, writing nothing', () => {
    const root = makeTempTree();
    const dir = join(root, '26-12-07-copy');
    const hostile = record({ files: { '../outside.md': 'escaped' } });
    const error = (() => {
      try {
        writeWorkingCopy(dir, hostile);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(isSamocodeError(error) && error.code).toBe('store.file');
    expect(error instanceof Error ? error.message : '').toContain('../outside.md');
    expect(existsSync(join(root, 'outside.md'))).toBe(false);
    expect(existsSync(join(dir, '_state.json'))).toBe(false);
  });
});
