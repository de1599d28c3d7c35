/** `samocode status`: reads the session's files (never the lock it would take) and prints them. */
import { existsSync, readFileSync } from 'node:fs';
import { loadConfig } from '../../config/load-config.js';
import { locateSession } from '../../runner/open-session.js';
import { buildStatusReport, renderStatusReport } from '../../runner/status-report.js';
import { readHistory } from '../../session/history.js';
import { readLockStatus } from '../../session/lock.js';
import { readFlowLog } from '../../session/overview.js';
import { readSessionState } from '../../session/snapshot-store.js';
import { EXIT } from '../exit-codes.js';

export interface StatusOptions {
  readonly config: string;
  readonly session: string;
  readonly json?: boolean;
}

const FLOW_LINES = 10;

export async function statusCommand(options: StatusOptions): Promise<number> {
  const config = loadConfig({ configPath: options.config, requireCli: false });
  const session = locateSession(config, options.session);
  const { paths } = session;
  const history = readHistory(paths.history);
  const report = buildStatusReport({
    folder: session.location.folder,
    dir: session.location.dir,
    exists: existsSync(session.location.dir),
    state: readSessionState(paths.state),
    rows: history.rows,
    skipped: history.skipped,
    lock: readLockStatus(paths.lock),
    caps: config.limits.caps,
    flowLog: existsSync(paths.overview) ? readFlowLog(readFileSync(paths.overview, 'utf8'), FLOW_LINES) : [],
  });
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderStatusReport(report));
  return EXIT.complete;
}
