/** `samocode ls`: every session under SESSIONS, the ones that need a human first. Reads only; takes no lock. */
import { loadConfig } from '../../config/load-config.js';
import { EXIT } from '../../exit-codes.js';
import { buildFleetEntry } from '../../fleet/fleet-entry.js';
import { readFleet } from '../../fleet/read-fleet.js';
import { readSummaryPlace } from '../../fleet/read-summary-place.js';
import { orderSessions, renderSessionList } from '../../fleet/session-list.js';

export interface LsOptions {
  readonly config: string;
  readonly json?: boolean;
}

export async function lsCommand(options: LsOptions): Promise<number> {
  const config = loadConfig({ configPath: options.config, requireCli: false });
  const place = readSummaryPlace(config, config.configPath);
  const sessions = orderSessions(readFleet(config.sessions).map((files) => buildFleetEntry(files, place)));
  process.stdout.write(
    options.json
      ? `${JSON.stringify({ sessionsDir: config.sessions, sessions }, null, 2)}\n`
      : renderSessionList(sessions),
  );
  return EXIT.complete;
}
