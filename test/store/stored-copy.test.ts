/** `copyStoredSession`: a stored session as a temporary session folder, through the folder store, in real temp dirs. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readHistory } from '../../src/session/history.js';
import { createFolderStore } from '../../src/store/folder/folder-store.js';
import { copyStoredSession } from '../../src/store/stored-copy.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';
import { sampleRow, sampleSnapshot } from './store-records.js';

afterEach(() => removeTempTrees());

const SESSION = '26-12-07-shared';

describe('copyStoredSession', () => {
  it('finds the session by its name, copies every row and file, names the copy as the local folder, and removes it', async () => {
    const stored = makeTempTree();
    const store = createFolderStore(stored);
    try {
      for (const seq of [1, 2, 3])
        await store.commitTransition(SESSION, {
          snapshot: sampleSnapshot(seq),
          row: { seq, row: sampleRow(seq) },
          ...(seq === 1 ? { files: { 'notes.md': 'a note' }, overview: '# Overview\n' } : {}),
        });
      const local = join(makeTempTree(), 'sessions');
      const copy = await copyStoredSession(store, 'shared', local);
      expect(copy.session).toBe(SESSION);
      expect(copy.isStored).toBe(true);
      const dir = join(copy.sessionsDir, SESSION);
      expect(readHistory(join(dir, '_signal_history.jsonl')).rows.map((row) => row.iteration)).toEqual([
        1, 2, 3,
      ]);
      expect(readFileSync(join(dir, 'notes.md'), 'utf8')).toBe('a note');
      expect(copy.relocate(`read ${dir}/notes.md`)).toBe(`read ${join(local, SESSION)}/notes.md`);
      expect(existsSync(local)).toBe(false);
      copy.remove();
      expect(existsSync(copy.sessionsDir)).toBe(false);
    } finally {
      await store.close();
    }
  });

  it('copies no folder for a name the store does not have: the session is new', async () => {
    const store = createFolderStore(makeTempTree());
    try {
      const copy = await copyStoredSession(store, 'nothing', makeTempTree());
      expect(copy.isStored).toBe(false);
      expect(copy.session).toMatch(/^\d\d-\d\d-\d\d-nothing$/);
      expect(readdirSync(copy.sessionsDir)).toEqual([]);
      copy.remove();
    } finally {
      await store.close();
    }
  });
});
