/**
 * A session of a shared store written as a session folder in a temporary directory, so `status`
 * and `plan` read it exactly as they read a folder session (one reader of each file, one view),
 * on any machine, even one that never ran it. Nothing under `SESSIONS` is touched; `remove()`
 * deletes the copy. A session the store does not have has no folder in the copy: it is new.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeWorkingCopy } from './folder/working-copy.js';
import type { LeaseHolder, SessionStore } from './session-store.js';
import { ALL_ROWS } from './shared-session.js';
import { findStoredSession } from './stored-session-name.js';

export interface StoredCopy {
  /** The session's id in the store (its folder name). */
  readonly session: string;
  /** The store has the session (else the copy holds no folder of it). */
  readonly isStored: boolean;
  readonly holder?: LeaseHolder;
  /** The temporary folder that stands in for `SESSIONS`; the copy is `<sessionsDir>/<session>`. */
  readonly sessionsDir: string;
  /** Names the copy's paths in a text as the paths of the session's folder on this machine. */
  relocate(text: string): string;
  remove(): void;
}

export async function copyStoredSession(
  store: SessionStore,
  name: string,
  localSessionsDir: string,
): Promise<StoredCopy> {
  const session = await findStoredSession(store, name);
  const record = await store.readSession(session, { rows: ALL_ROWS });
  const sessionsDir = mkdtempSync(join(tmpdir(), 'samocode-stored-'));
  const remove = () => rmSync(sessionsDir, { recursive: true, force: true });
  try {
    if (record) writeWorkingCopy(join(sessionsDir, session), record);
  } catch (error) {
    remove();
    throw error;
  }
  return {
    session,
    isStored: record !== undefined,
    ...(record?.holder ? { holder: record.holder } : {}),
    sessionsDir,
    relocate: (text) => text.replaceAll(sessionsDir, localSessionsDir),
    remove,
  };
}
