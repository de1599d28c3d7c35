/** What copying a session would do, decided from the source's and the target's records. */
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src/store/json.js';
import type { SessionRecord } from '../../../src/store/session-store.js';
import {
  type Decisions,
  listGateIdsOfRows,
  planTransfer,
  toCanonicalJson,
} from '../../../src/store/transfer/transfer-plan.js';
import { cleanStored } from '../../../src/text/clean-text.js';
import { sampleRow, sampleSnapshot } from '../store-records.js';

const NONE: Decisions = new Map();
const noDecisions = { source: NONE, target: NONE };
const STORE = { from: 'the session folder', to: 'the store' };

function recordOf(rowCount: number, extra: Partial<SessionRecord> = {}): SessionRecord {
  const rows = Array.from({ length: rowCount }, (_, index) => ({
    seq: index + 1,
    row: sampleRow(index + 1),
  }));
  return {
    session: '26-12-07-moving',
    snapshot: sampleSnapshot(rowCount),
    overview: '# moving\n',
    settings: { v: 1, task: 'Move it' },
    lastSeq: rowCount,
    rows,
    files: { 'notes.md': 'found' },
    ...extra,
  };
}

/** The same record as PostgreSQL returns it: every object's keys in another order. */
function reversedKeys(value: JsonObject): JsonObject {
  return JSON.parse(
    JSON.stringify(value, (_key, item: unknown) =>
      item !== null && typeof item === 'object' && !Array.isArray(item)
        ? Object.fromEntries(Object.entries(item).reverse())
        : item,
    ),
  );
}

describe('planTransfer', () => {
  it('copies every row when the target lacks the session', () => {
    expect(planTransfer(recordOf(3), undefined, noDecisions, STORE)).toEqual({
      kind: 'copy',
      fromSeq: 0,
      rows: 3,
      isNew: true,
    });
  });

  it('copies every row into the empty session a lease on an absent one made', () => {
    const leased: SessionRecord = { session: '26-12-07-moving', lastSeq: 0, rows: [], files: {} };
    expect(planTransfer(recordOf(2), leased, noDecisions, STORE)).toMatchObject({
      kind: 'copy',
      fromSeq: 0,
      isNew: true,
    });
  });

  it('copies the rows after an older prefix the target holds (a copy cut short resumes)', () => {
    const older = recordOf(2, { snapshot: sampleSnapshot(2), overview: 'older' });
    expect(planTransfer(recordOf(5), older, noDecisions, STORE)).toEqual({
      kind: 'copy',
      fromSeq: 2,
      rows: 5,
      isNew: false,
    });
  });

  it('leaves a session the target holds whole, whatever order its keys came back in', () => {
    const source = recordOf(3);
    const target: SessionRecord = {
      ...source,
      snapshot: reversedKeys(source.snapshot ?? {}),
      settings: reversedKeys(source.settings ?? {}),
      rows: source.rows.map((entry) => ({ seq: entry.seq, row: reversedKeys(entry.row) })),
    };
    expect(planTransfer(source, target, noDecisions, STORE)).toEqual({ kind: 'same', rows: 3 });
  });

  it('compares the source as a store keeps it: the store holds a secret redacted', () => {
    const source = recordOf(1, { overview: 'key sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789\n' });
    const stored = { ...source, overview: cleanStored(source.overview ?? '') };
    expect(stored.overview).not.toBe(source.overview);
    expect(planTransfer(source, stored, noDecisions, STORE)).toEqual({ kind: 'same', rows: 1 });
  });

  it('refuses a target that holds more rows: it is newer', () => {
    expect(planTransfer(recordOf(2), recordOf(3), noDecisions, STORE)).toEqual({
      kind: 'refused',
      reason:
        "the store holds 3 history rows, the session folder 2: the store's copy is newer, so it is kept",
    });
  });

  it('refuses a target whose rows differ, naming the first that does', () => {
    const other = recordOf(2);
    const target = {
      ...other,
      rows: [other.rows[0], { seq: 2, row: sampleRow(2, 'failed') }].flatMap((row) => (row ? [row] : [])),
    };
    expect(
      planTransfer(recordOf(3), target, noDecisions, { from: 'the store', to: 'the session folder' }),
    ).toEqual({
      kind: 'refused',
      reason:
        "history row 2 differs from the session folder's copy: they are two different sessions of one name, so neither is overwritten",
    });
  });

  it.each([
    ['snapshot', { snapshot: sampleSnapshot(99) }],
    ['overview', { overview: 'changed\n' }],
    ['settings', { settings: { v: 1, task: 'other' } }],
    ['agent files', { files: { 'notes.md': 'found', 'plan.md': 'extra' } }],
    ['notification keys', { notified: ['complete'] }],
  ])('refuses a target with the same rows but another %s', (part, change) => {
    const plan = planTransfer(recordOf(2), recordOf(2, change), noDecisions, STORE);
    expect(plan).toEqual({
      kind: 'refused',
      reason: `the store holds the same 2 history rows but another ${part}; which is newer cannot be told, so neither is overwritten`,
    });
  });

  it('reads notification keys as a set', () => {
    const plan = planTransfer(
      recordOf(1, { notified: ['b', 'a', 'a'] }),
      recordOf(1, { notified: ['a', 'b'] }),
      noDecisions,
      STORE,
    );
    expect(plan.kind).toBe('same');
  });

  it('copies a decision the target lacks even when the rest is there', () => {
    const decisions = {
      source: new Map([['26-12-07-moving/g1-approval', { action: 'approve' }]]),
      target: NONE,
    };
    expect(planTransfer(recordOf(2), recordOf(2), decisions, STORE)).toEqual({
      kind: 'copy',
      fromSeq: 2,
      rows: 2,
      isNew: false,
    });
  });

  it('refuses when the target decided a gate otherwise', () => {
    const gate = '26-12-07-moving/g1-approval';
    const decisions = {
      source: new Map([[gate, { action: 'approve' }]]),
      target: new Map([[gate, { action: 'reject' }]]),
    };
    expect(planTransfer(recordOf(2), undefined, decisions, STORE)).toEqual({
      kind: 'refused',
      reason: `the store holds another decision for the gate ${gate}; compare the two copies and remove the wrong one`,
    });
  });
});

describe('listGateIdsOfRows', () => {
  it('names each gate a decision row records, once', () => {
    const decided = (gateId: string | number) => ({ row: { ...sampleRow(1), decision: { gateId } } });
    expect(
      listGateIdsOfRows([
        { row: sampleRow(1) },
        decided('s/g1-approval'),
        decided('s/g1-approval'),
        decided(7),
        decided('s/g4-answers'),
      ]),
    ).toEqual(['s/g1-approval', 's/g4-answers']);
  });
});

describe('toCanonicalJson', () => {
  it('ignores key order and keeps array order', () => {
    expect(toCanonicalJson({ b: [2, 1], a: { d: 1, c: null } })).toBe('{"a":{"c":null,"d":1},"b":[2,1]}');
  });
});
