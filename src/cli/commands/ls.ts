/**
 * `samocode ls`: every session under SESSIONS, the ones that need a human first; with a shared
 * store (`SAMOCODE_STORE`), every session of the store, from any machine, with the worker that
 * holds each. Reads only; takes no lock.
 */
import { loadConfig } from '../../config/load-config.js';
import { EXIT } from '../../exit-codes.js';
import { buildFleetEntry } from '../../fleet/fleet-entry.js';
import { readFleet } from '../../fleet/read-fleet.js';
import type { SessionFiles } from '../../fleet/read-session-files.js';
import { readSummaryPlace } from '../../fleet/read-summary-place.js';
import { orderSessions, renderSessionList } from '../../fleet/session-list.js';
import { createFolderQueue } from '../../store/folder/folder-queue.js';
import { createFolderStore } from '../../store/folder/folder-store.js';
import type { QueuedRequest } from '../../store/session-queue.js';

export interface LsOptions {
  readonly config: string;
  readonly json?: boolean;
}

async function readSharedFleet(url: string, sessionsDir: string, now: number): Promise<SessionFiles[]> {
  const [{ openStore }, { readStoredFleet }] = await Promise.all([
    import('../../store/open-store.js'),
    import('../../fleet/read-stored-fleet.js'),
  ]);
  const warn = (message: string) => process.stderr.write(`samocode: warning: ${message}\n`);
  const opened = await openStore({ url, sessionsDir, onNotice: (notice) => warn(notice.message) });
  try {
    return await readStoredFleet(opened.store, sessionsDir, now);
  } finally {
    await opened.close();
  }
}

/** The sessions queued with `submit` that `serve` has not taken yet (the session folder's queue). */
async function readQueued(sessionsDir: string): Promise<readonly QueuedRequest[]> {
  const store = createFolderStore(sessionsDir);
  try {
    return (await createFolderQueue(sessionsDir, store).readQueue()).queued;
  } finally {
    await store.close();
  }
}

function renderQueued(queued: readonly QueuedRequest[]): string {
  if (queued.length === 0) return '';
  const lines = queued.map((request) => `  ${request.session}  QUEUED  since ${request.submittedAt}`);
  return `\nqueued for samocode serve:\n${lines.join('\n')}\n`;
}

export async function lsCommand(options: LsOptions): Promise<number> {
  const config = loadConfig({ configPath: options.config, requireCli: false });
  const place = readSummaryPlace(config, config.configPath);
  const files =
    config.store === ''
      ? readFleet(config.sessions)
      : await readSharedFleet(config.store, config.sessions, place.now);
  const sessions = orderSessions(files.map((entry) => buildFleetEntry(entry, place)));
  const queued = config.store === '' ? await readQueued(config.sessions) : [];
  process.stdout.write(
    options.json
      ? `${JSON.stringify({ sessionsDir: config.sessions, ...(config.store === '' ? {} : { store: 'postgres' }), sessions, queued }, null, 2)}\n`
      : `${renderSessionList(sessions)}${renderQueued(queued)}`,
  );
  return EXIT.complete;
}
