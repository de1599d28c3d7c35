/**
 * `status` and `plan` of a session in a shared store (`SAMOCODE_STORE` is a PostgreSQL URL): the
 * store is the truth, read from any machine through a temporary copy of the session's folder.
 * A session only in this machine's `SESSIONS` is not what a run with the store continues, so
 * `status` names it and says how to read it rather than showing it as the store's.
 */
import { existsSync } from 'node:fs';
import { checkConfig } from '../../config/load-config.js';
import { SamocodeError } from '../../errors.js';
import { readSessionLocation } from '../../session/resolve-session.js';
import { checkSessionName } from '../../session/session-name.js';
import { openStore } from '../../store/open-store.js';
import { copyStoredSession, type StoredCopy } from '../../store/stored-copy.js';
import { renderCommand } from '../../text/shell-quote.js';

export interface SharedStorePlace {
  readonly url: string;
  readonly sessionsDir: string;
}

/** The configured PostgreSQL store, or undefined for the session folder (and for a name or config the folder path reports). */
export function readSharedStore(configPath: string, session: string): SharedStorePlace | undefined {
  if (checkSessionName(session) !== undefined) return undefined;
  let read: ReturnType<typeof checkConfig>;
  try {
    read = checkConfig({ configPath, requireCli: false, warn: () => undefined });
  } catch {
    return undefined;
  }
  if (!read.ok || read.config.store === '') return undefined;
  return { url: read.config.store, sessionsDir: read.config.sessions };
}

/** Copies the stored session, hands the copy to `use`, removes it and closes the store. */
export async function withStoredSession<T>(
  place: SharedStorePlace,
  name: string,
  use: (copy: StoredCopy) => Promise<T>,
): Promise<T> {
  const warn = (message: string) => process.stderr.write(`samocode: warning: ${message}\n`);
  const opened = await openStore({
    url: place.url,
    sessionsDir: place.sessionsDir,
    onNotice: (notice) => warn(notice.message),
  });
  try {
    const copy = await copyStoredSession(opened.store, name, place.sessionsDir);
    try {
      return await use(copy);
    } finally {
      copy.remove();
    }
  } finally {
    await opened.close();
  }
}

/** This machine's folder of the session, when SESSIONS has one. */
function readLocalFolder(sessionsDir: string, name: string): string | undefined {
  if (!existsSync(sessionsDir)) return undefined;
  const location = readSessionLocation(sessionsDir, name);
  return location.isNew ? undefined : location.dir;
}

/** `session.not-found` for a name the store does not have, naming a local folder of that name. */
export function notInStoreError(name: string, place: SharedStorePlace, configPath: string): SamocodeError {
  const local = readLocalFolder(place.sessionsDir, name);
  return new SamocodeError(
    'session.not-found',
    `no session "${name}" in the shared store (SAMOCODE_STORE); list its sessions with: ${renderCommand(['samocode', 'ls', '--config', configPath])}${
      local
        ? `. ${local} is a session folder of this machine that the store does not hold (a run with the store starts the session anew); read it with SAMOCODE_STORE set empty: ${renderCommand(['env', 'SAMOCODE_STORE=', 'samocode', 'status', '--config', configPath, '--session', name])}`
        : ''
    }`,
  );
}
