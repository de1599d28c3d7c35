/**
 * What a shared-store commit carries besides the snapshot and the row: the overview, the settings
 * and the agent's small files, each only when it differs from what the store was last given.
 * Read from the session folder the agent works in; provider logs stay there.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SESSION_FILES } from '../session/paths.js';
import { readAgentFiles } from '../store/folder/folder-files.js';
import type { CopiedSession } from '../store/folder/working-copy.js';
import { parseJsonObject } from '../store/json.js';
import type { Lease, SessionStore, Transition } from '../store/session-store.js';

export interface RemoteSession {
  readonly store: SessionStore;
  /** The lease every commit is fenced with (a worker's claim, or the run's own). */
  readonly lease?: Lease;
  /** What the store held when the working copy was made from it: the first commit's baseline. */
  readonly base: CopiedSession;
}

const readText = (path: string): string | undefined =>
  existsSync(path) ? readFileSync(path, 'utf8') : undefined;

export function readChanges(
  dir: string,
  base: CopiedSession,
): Pick<Transition, 'overview' | 'settings' | 'files'> {
  const overview = readText(join(dir, SESSION_FILES.overview));
  const settingsText = readText(join(dir, SESSION_FILES.settings));
  const settings = settingsText === undefined ? undefined : parseJsonObject(settingsText);
  const files = readAgentFiles(dir);
  const changed: Record<string, string | null> = {};
  for (const [path, text] of Object.entries(files)) if (base.files[path] !== text) changed[path] = text;
  for (const path of Object.keys(base.files)) if (!(path in files)) changed[path] = null;
  return {
    ...(overview !== undefined && overview !== base.overview ? { overview } : {}),
    ...(settings && JSON.stringify(settings) !== JSON.stringify(base.settings) ? { settings } : {}),
    ...(Object.keys(changed).length > 0 ? { files: changed } : {}),
  };
}
