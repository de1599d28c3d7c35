/**
 * A `--session` name resolved among a store's sessions, as it is among the folders of `SESSIONS`:
 * the exact id, else the newest `YY-MM-DD-<name>`, else a new dated id (the session starts there).
 */
import { resolveSessionFolder } from '../session/resolve-session.js';
import type { SessionStore } from './session-store.js';

export async function findStoredSession(
  store: SessionStore,
  name: string,
  today = new Date(),
): Promise<string> {
  const entries = (await store.listSessions()).map((summary) => ({
    name: summary.session,
    isDirectory: true,
  }));
  return resolveSessionFolder(entries, name, today).folder;
}
