/**
 * `transferSession` between two real session-folder stores in temp dirs (the PostgreSQL direction is
 * the e2e's): copied whole with its decisions, a copy cut short resumed, a held session skipped, a
 * session that never ran and a gate decided otherwise refused.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFolderStore } from '../../../src/store/folder/folder-store.js';
import type { SessionStore } from '../../../src/store/session-store.js';
import { readFolderGateIds } from '../../../src/store/transfer/folder-gate-ids.js';
import { transferSession } from '../../../src/store/transfer/transfer-session.js';
import { makeTempTree, removeTempTrees } from '../../helpers/temp-session.js';
import { sampleRow, sampleSnapshot } from '../store-records.js';

const SESSION = '26-12-07-moving';
const GATE = `${SESSION}/g2-approval`;
const stores: SessionStore[] = [];

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  removeTempTrees();
});

function folderStore(): { dir: string; store: SessionStore } {
  const dir = makeTempTree();
  const store = createFolderStore(dir);
  stores.push(store);
  return { dir, store };
}

async function writeSession(store: SessionStore, rows: number): Promise<void> {
  for (let seq = 1; seq <= rows; seq += 1)
    await store.commitTransition(SESSION, {
      snapshot: sampleSnapshot(seq),
      row: { seq, row: sampleRow(seq) },
      ...(seq === rows ? { overview: '# moving\n', files: { 'notes.md': 'found' }, settings: { v: 1 } } : {}),
    });
}

function sidesOf(from: { dir: string; store: SessionStore }, to: SessionStore) {
  return {
    from: from.store,
    to,
    fromWhere: 'the folder',
    where: 'the other folder',
    worker: 'samocode store test',
    listGates: (session: string) => readFolderGateIds(from.dir, session),
  };
}

describe('transferSession', () => {
  it('copies the rows, head and decisions, then finds them there the second time', async () => {
    const source = folderStore();
    const target = folderStore();
    await writeSession(source.store, 3);
    await source.store.recordDecision(GATE, { gateId: GATE, action: 'approve' });
    const sides = sidesOf(source, target.store);

    expect(await transferSession(sides, SESSION)).toEqual({
      kind: 'copied',
      session: SESSION,
      rows: 3,
      newRows: 3,
    });
    const history = (dir: string) => readFileSync(join(dir, SESSION, '_signal_history.jsonl'), 'utf8');
    expect(history(target.dir)).toBe(history(source.dir));
    const copy = await target.store.readSession(SESSION, { rows: 10 });
    expect(copy?.files).toEqual({ 'notes.md': 'found' });
    expect(copy?.overview).toBe('# moving\n');
    expect(copy?.snapshot).toEqual(sampleSnapshot(3));
    expect((await target.store.readDecision(GATE))?.decision).toEqual({ gateId: GATE, action: 'approve' });
    expect(await transferSession(sides, SESSION)).toEqual({
      kind: 'same',
      session: SESSION,
      rows: 3,
    });
    expect(history(target.dir)).toBe(history(source.dir));
  });

  it('resumes a copy cut short: only the rows the target lacks are written', async () => {
    const source = folderStore();
    const target = folderStore();
    await writeSession(source.store, 4);
    await writeSession(target.store, 2);
    const outcome = await transferSession(sidesOf(source, target.store), SESSION);
    expect(outcome).toEqual({ kind: 'copied', session: SESSION, rows: 4, newRows: 2 });
    const copy = await target.store.readSession(SESSION, { rows: 10 });
    expect(copy?.rows.map((entry) => entry.row)).toEqual([1, 2, 3, 4].map((n) => sampleRow(n)));
  });

  it('skips a session a live run holds, and leaves its lock alone', async () => {
    const source = folderStore();
    const target = folderStore();
    await writeSession(source.store, 1);
    const lock = JSON.stringify({
      pid: process.pid,
      host: hostname(),
      startedAt: '2026-12-07T12:00:00Z',
      command: 'samocode run',
    });
    writeFileSync(join(source.dir, SESSION, '_run.lock'), lock);
    expect(await transferSession(sidesOf(source, target.store), SESSION)).toEqual({
      kind: 'skipped',
      session: SESSION,
      reason:
        'held by samocode run since 2026-12-07T12:00:00Z in the folder; copy it again when that run has stopped',
    });
    expect(readFileSync(join(source.dir, SESSION, '_run.lock'), 'utf8')).toBe(lock);
    expect(await target.store.readSession(SESSION)).toBeUndefined();
  });

  it('fails a session that never ran: there is no snapshot to copy', async () => {
    const source = folderStore();
    const target = folderStore();
    await source.store.recordDecision(GATE, { gateId: GATE, action: 'approve' });
    expect(await transferSession(sidesOf(source, target.store), SESSION)).toEqual({
      kind: 'failed',
      session: SESSION,
      reason: 'it has no machine snapshot (it never ran); nothing to copy',
    });
  });

  it('refuses a session whose gate the target decided otherwise, writing nothing', async () => {
    const source = folderStore();
    const target = folderStore();
    await writeSession(source.store, 2);
    await source.store.recordDecision(GATE, { gateId: GATE, action: 'approve' });
    await target.store.recordDecision(GATE, { gateId: GATE, action: 'reject' });
    const outcome = await transferSession(sidesOf(source, target.store), SESSION);
    expect(outcome).toMatchObject({ kind: 'refused', reason: expect.stringContaining(`the gate ${GATE}`) });
    expect((await target.store.readSession(SESSION))?.rows).toEqual([]);
  });
});
