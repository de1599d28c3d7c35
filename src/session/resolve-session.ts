/** Session folder resolution: exact folder, else newest `YY-MM-DD-<name>`, else a new dated one. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { toDatePrefix, toFolderDay, toUndatedName, validateSessionName } from './session-name.js';

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
  // By the real date, not the text: `26-01-01-x` (2026) is newer than `99-01-01-x` (1999).
  let newest: { folder: string; day: number } | undefined;
  for (const dir of dirs) {
    const day = toFolderDay(dir, today);
    if (day === undefined || toUndatedName(dir) !== name) continue;
    if (newest === undefined || day > newest.day) newest = { folder: dir, day };
  }
  if (newest !== undefined) return { folder: newest.folder, isNew: false };
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
