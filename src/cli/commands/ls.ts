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

export async function lsCommand(options: LsOptions): Promise<number> {
  const config = loadConfig({ configPath: options.config, requireCli: false });
  const place = readSummaryPlace(config, config.configPath);
  const files =
    config.store === ''
      ? readFleet(config.sessions)
      : await readSharedFleet(config.store, config.sessions, place.now);
  const sessions = orderSessions(files.map((entry) => buildFleetEntry(entry, place)));
  process.stdout.write(
    options.json
      ? `${JSON.stringify({ sessionsDir: config.sessions, ...(config.store === '' ? {} : { store: 'postgres' }), sessions }, null, 2)}\n`
      : renderSessionList(sessions),
  );
  return EXIT.complete;
}
