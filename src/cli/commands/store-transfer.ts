/**
 * `samocode store import` and `store export`: copy sessions between the session folder (`SESSIONS`)
 * and the PostgreSQL store `SAMOCODE_STORE` names, so a user moves either way without losing
 * history. Reads both, copies what the target lacks, never overwrites a newer or different copy;
 * prints a line per session and a total. Exit 0 when every session is copied or there already.
 */
import { loadConfig } from '../../config/load-config.js';
import { SamocodeError } from '../../errors.js';
import { createFolderStore } from '../../store/folder/folder-store.js';
import { openStore } from '../../store/open-store.js';
import type { SessionStore } from '../../store/session-store.js';
import {
  readFolderGateIds,
  renderTransferLine,
  renderTransferTotal,
  selectSessions,
  type TransferOutcome,
  toTransferExit,
  transferSession,
} from '../../store/transfer/index.js';

export type TransferDirection = 'import' | 'export';

export interface StoreTransferOptions {
  readonly config: string;
  readonly session?: readonly string[];
}

const FOLDER = 'the session folder';
const STORE = 'the store';

function unsetStore(direction: TransferDirection, configPath: string): SamocodeError {
  const what =
    direction === 'import'
      ? 'store import copies the session folder into the PostgreSQL store SAMOCODE_STORE names'
      : 'store export copies the sessions of the PostgreSQL store SAMOCODE_STORE names into the session folder';
  return new SamocodeError(
    'config.invalid',
    `${what}; set it (in the environment, .env or ${configPath}) to a URL such as postgres://user@db.example:5432/samocode`,
  );
}

export async function storeTransferCommand(
  direction: TransferDirection,
  options: StoreTransferOptions,
): Promise<number> {
  const config = loadConfig({ configPath: options.config, requireCli: false });
  if (config.store.trim() === '') throw unsetStore(direction, config.configPath);
  const warn = (message: string) => process.stderr.write(`samocode: warning: ${message}\n`);
  const folder = createFolderStore(config.sessions);
  const opened = await openStore({
    url: config.store,
    sessionsDir: config.sessions,
    onNotice: (n) => warn(n.message),
  });
  try {
    const isImport = direction === 'import';
    const from: SessionStore = isImport ? folder : opened.store;
    const [fromWhere, where] = isImport ? [FOLDER, STORE] : [STORE, FOLDER];
    const available = (await from.listSessions()).map((summary) => summary.session);
    const selected = selectSessions(available, options.session, new Date());
    const sides = {
      from,
      to: isImport ? opened.store : folder,
      fromWhere,
      where,
      worker: `samocode store ${direction}`,
      ...(isImport ? { listGates: (session: string) => readFolderGateIds(config.sessions, session) } : {}),
    };
    const outcomes: TransferOutcome[] = [];
    for (const entry of selected) {
      const outcome =
        entry.kind === 'missing'
          ? {
              kind: 'failed' as const,
              session: entry.name,
              reason: `no session of that name in ${fromWhere}`,
            }
          : await transferSession(sides, entry.session);
      outcomes.push(outcome);
      process.stdout.write(`${renderTransferLine(outcome, where)}\n`);
    }
    process.stdout.write(`${renderTransferTotal(outcomes, where)}\n`);
    return toTransferExit(outcomes);
  } finally {
    await folder.close();
    await opened.close();
  }
}
