/** Session folder resolution: exact folder, else newest `YY-MM-DD-<name>`, else a new dated one. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { toDatePrefix, validateSessionName } from './session-name.js';

export interface FolderEntry {
  readonly name: string;
  readonly isDirectory: boolean;
}

export interface ResolvedSession {
  readonly folder: string;
  readonly isNew: boolean;
}

/** Pure: picks the folder for `name` among the entries of the sessions directory. */
export function resolveSessionFolder(
  entries: readonly FolderEntry[],
  name: string,
  today: Date,
): ResolvedSession {
  validateSessionName(name);
  const dirs = entries.filter((entry) => entry.isDirectory).map((entry) => entry.name);
  if (dirs.includes(name)) return { folder: name, isNew: false };
  const dated = dirs
    .filter((dir) => /^\d{2}-\d{2}-\d{2}-/.test(dir) && dir.slice(9) === name)
    .sort()
    .reverse();
  const newest = dated[0];
  if (newest !== undefined) return { folder: newest, isNew: false };
  return { folder: `${toDatePrefix(today)}-${name}`, isNew: true };
}

export interface SessionLocation extends ResolvedSession {
  readonly dir: string;
}

/** Reads the sessions directory and resolves `name`; does not create anything. */
export function readSessionLocation(
  sessionsDir: string,
  name: string,
  today: Date = new Date(),
): SessionLocation {
  const entries = readdirSync(sessionsDir, { withFileTypes: true }).map((entry) => ({
    name: entry.name,
    isDirectory: entry.isDirectory(),
  }));
  const resolved = resolveSessionFolder(entries, name, today);
  return { ...resolved, dir: join(sessionsDir, resolved.folder) };
}
