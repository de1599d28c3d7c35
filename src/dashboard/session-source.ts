/**
 * Where the dashboard reads its sessions: this machine's `SESSIONS` folder, or a shared store
 * (`SAMOCODE_STORE`), read the way `ls` reads it. Both give the same `SessionFiles`, so the list and
 * a session's page are built by one path whichever it is.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readFleet } from '../fleet/read-fleet.js';
import { readSessionFiles, type SessionFiles } from '../fleet/read-session-files.js';
import { readStoredFleet, readStoredSession } from '../fleet/read-stored-fleet.js';
import type { SessionStore } from '../store/session-store.js';
import type { ViewGate } from '../view/view-types.js';
import { buildStoredGateText, type GateText, readGateText } from './gate-text.js';

/** One session's files, and the text of the file its open gate asks about. */
export interface SourcedSession {
  readonly files: SessionFiles;
  gateText(gate: Pick<ViewGate, 'kind'> | undefined): GateText | undefined;
}

export interface SessionSource {
  /** Set for a shared store: the page says so, and the session pages name their workers. */
  readonly store?: 'postgres';
  list(now: number): Promise<readonly SessionFiles[]>;
  /** `folder` is already a checked session name; undefined when there is no such session. */
  read(folder: string, now: number): Promise<SourcedSession | undefined>;
}

export function folderSessionSource(sessionsDir: string): SessionSource {
  return {
    list: async () => readFleet(sessionsDir),
    read: async (folder) => {
      const dir = join(sessionsDir, folder);
      if (!existsSync(dir)) return undefined;
      return { files: readSessionFiles(dir), gateText: (gate) => readGateText(dir, gate) };
    },
  };
}

/** `sessionsDir`: where a run on this machine would keep each session (the paths the page names). */
export function storedSessionSource(store: SessionStore, sessionsDir: string): SessionSource {
  return {
    store: 'postgres',
    list: (now) => readStoredFleet(store, sessionsDir, now),
    read: async (folder, now) => {
      const read = await readStoredSession(store, folder, sessionsDir, now);
      if (read === undefined) return undefined;
      const { files, record } = read;
      return { files, gateText: (gate) => buildStoredGateText(record.files, files.dir, gate) };
    },
  };
}
