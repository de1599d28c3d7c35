import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryRowSchema, readHistory } from '../../../src/session/history.js';
import { writeSessionState } from '../../../src/session/snapshot-store.js';
import { createFolderStore } from '../../../src/store/folder/folder-store.js';
import { makeTempTree, removeTempTrees } from '../../helpers/temp-session.js';
import { describeSessionStoreContract } from '../session-store-contract.js';
import { sampleRow, sampleSnapshot } from '../store-records.js';

describeSessionStoreContract('folder', async () => {
  const dir = makeTempTree({ 'sessions/': '' }, 'samocode-store-');
  const store = createFolderStore(join(dir, 'sessions'));
  const others: ReturnType<typeof createFolderStore>[] = [];
  return {
    store,
    openOther: async () => {
      const other = createFolderStore(join(dir, 'sessions'));
      others.push(other);
      return other;
    },
    dispose: async () => {
      await store.close();
      for (const other of others) await other.close();
      removeTempTrees();
    },
  };
});

describe('the folder store keeps the session folder as samocode writes it', () => {
  afterEach(() => removeTempTrees());
  const SESSION = '26-12-07-add-login';

  it('writes _state.json, one history line per row, _overview.md and the agent files in the folder', async () => {
    const sessions = join(makeTempTree({ 'sessions/': '' }), 'sessions');
    const store = createFolderStore(sessions);
    await store.commitTransition(SESSION, {
      snapshot: sampleSnapshot(1),
      row: { seq: 1, row: sampleRow(1) },
      overview: '# Session\n',
      files: { '_qa.md': 'q\n' },
    });
    const dir = join(sessions, SESSION);
    expect(JSON.parse(readFileSync(join(dir, '_state.json'), 'utf8')).lastRow.iteration).toBe(1);
    expect(readHistory(join(dir, '_signal_history.jsonl')).rows.map((row) => row.iteration)).toEqual([1]);
    expect(readFileSync(join(dir, '_overview.md'), 'utf8')).toBe('# Session\n');
    expect(readFileSync(join(dir, '_qa.md'), 'utf8')).toBe('q\n');
  });

  it('appends the row a crash left in _state.json only, once, when the folder is opened again', async () => {
    const sessions = join(makeTempTree({ 'sessions/': '' }), 'sessions');
    const store = createFolderStore(sessions);
    await store.commitTransition(SESSION, {
      snapshot: sampleSnapshot(1),
      row: { seq: 1, row: sampleRow(1) },
    });
    const dir = join(sessions, SESSION);
    // The crash: the state records row 2, the history never got it.
    writeSessionState(join(dir, '_state.json'), {
      v: 1,
      snapshot: sampleSnapshot(2),
      lastRow: HistoryRowSchema.parse(sampleRow(2)),
    });
    const reopened = createFolderStore(sessions);
    await reopened.commitTransition(SESSION, {
      snapshot: sampleSnapshot(2),
      row: { seq: 2, row: sampleRow(2) },
    });
    await reopened.commitTransition(SESSION, {
      snapshot: sampleSnapshot(3),
      row: { seq: 3, row: sampleRow(3) },
    });
    expect(readHistory(join(dir, '_signal_history.jsonl')).rows.map((row) => row.iteration)).toEqual([
      1, 2, 3,
    ]);
  });

  it('takes over the lease of a dead process at once, and says whose it was', async () => {
    const sessions = join(makeTempTree({ 'sessions/': '' }), 'sessions');
    const store = createFolderStore(sessions);
    const dead = Number(
      execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
        encoding: 'utf8',
      }),
    );
    const dir = join(sessions, SESSION);
    await store.commitTransition(SESSION, { snapshot: sampleSnapshot(1) });
    writeFileSync(
      join(dir, '_run.lock'),
      JSON.stringify({
        pid: dead,
        host: hostname(),
        startedAt: '2026-12-07T10:00:00.000Z',
        command: 'worker-gone',
      }),
    );
    const taken = await store.lease(SESSION, 'worker-new', 30_000);
    expect(taken.kind === 'held' ? taken.tookOverFrom?.worker : taken.kind).toBe('worker-gone');
    expect(JSON.parse(readFileSync(join(dir, '_run.lock'), 'utf8')).command).toBe('worker-new');
    await store.close();
    expect(existsSync(join(dir, '_run.lock'))).toBe(false);
  });

  it('writes a row as the caller built it: its bytes and key order, in the history and in _state.json', async () => {
    const sessions = join(makeTempTree({ 'sessions/': '' }), 'sessions');
    const store = createFolderStore(sessions);
    // Keys in an order the history schema does not list them in: a parse would reorder them.
    const { model, provider, ...rest } = sampleRow(1);
    const row = {
      ...(model === undefined ? {} : { model }),
      ...(provider === undefined ? {} : { provider }),
      ...rest,
    };
    await store.commitTransition(SESSION, { snapshot: sampleSnapshot(1), row: { seq: 1, row } });
    const dir = join(sessions, SESSION);
    expect(readFileSync(join(dir, '_signal_history.jsonl'), 'utf8')).toBe(`${JSON.stringify(row)}\n`);
    const state = JSON.parse(readFileSync(join(dir, '_state.json'), 'utf8'));
    expect(JSON.stringify(state.lastRow)).toBe(JSON.stringify(row));
  });

  it('refuses a row its history file cannot hold, before anything is written', async () => {
    const sessions = join(makeTempTree({ 'sessions/': '' }), 'sessions');
    const store = createFolderStore(sessions);
    await expect(
      store.commitTransition(SESSION, {
        snapshot: sampleSnapshot(1),
        row: { seq: 1, row: { iteration: 'one' } },
      }),
    ).rejects.toMatchObject({ code: 'store.row' });
    expect(existsSync(join(sessions, SESSION, '_state.json'))).toBe(false);
  });
});
