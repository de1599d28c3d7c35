/**
 * `samocode status`: reads the session's files (never the lock it would take) and prints them.
 * With a shared store the session is read from the store, through a temporary copy of its folder,
 * and its lease says which worker runs it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { COMPLETED } from '../../../machines/sub-states.js';
import { buildSettingsView, renderSettingsSection } from '../../config/settings-view.js';
import { EXIT } from '../../exit-codes.js';
import { locateExistingSession } from '../../runner/open-session.js';
import { loadSessionConfig } from '../../runner/session-config.js';
import { readHistory } from '../../session/history.js';
import { readLockStatus } from '../../session/lock.js';
import { readFlowLog } from '../../session/overview.js';
import { findPlanFile } from '../../session/plan-file.js';
import { readOverviewText } from '../../session/read-overview.js';
import { toBranchName } from '../../session/session-name.js';
import { readSessionState } from '../../session/snapshot-store.js';
import { isLeaseLive } from '../../store/live-lease.js';
import type { StoredCopy } from '../../store/stored-copy.js';
import { buildTextCleaner, cleanDeep } from '../../text/clean-text.js';
import { buildEnvRedactor } from '../../text/redact.js';
import { readWorkState } from '../../verify/work-state.js';
import { toModelRouting, toViewSettings } from '../../view/view-settings.js';
import { buildStatusReport, renderStatusReport } from './status-report.js';
import { notInStoreError, readSharedStore, withStoredSession } from './stored-session.js';

export interface StatusOptions {
  readonly config: string;
  readonly session: string;
  readonly json?: boolean;
  readonly verbose?: boolean;
}

const FLOW_LINES = 10;

export async function statusCommand(options: StatusOptions): Promise<number> {
  const shared = readSharedStore(options.config, options.session);
  if (shared === undefined) return printStatus(options);
  return withStoredSession(shared, options.session, async (copy) => {
    if (!copy.isStored) throw notInStoreError(options.session, shared, options.config);
    return printStatus({ ...options, session: copy.session }, copy);
  });
}

/** The session's folder, or the copy of a stored session (its paths named as this machine's). */
async function printStatus(options: StatusOptions, copy?: StoredCopy): Promise<number> {
  const now = new Date();
  // The session's own settings (caps, providers, branch prefix), not what .samocode says today.
  const { config, recorded, merge } = loadSessionConfig({
    configPath: options.config,
    requireCli: false,
    session: options.session,
    ...(copy ? { sessionsDir: copy.sessionsDir } : {}),
  });
  const session = locateExistingSession(
    copy ? { ...config, sessions: copy.sessionsDir } : config,
    options.session,
  );
  const { paths } = session;
  const history = readHistory(paths.history);
  const state = readSessionState(paths.state);
  const overview = readOverviewText(paths.overview);
  const worktree = join(config.worktrees, session.location.folder);
  const branch = toBranchName(session.location.folder, config.branchPrefix);
  const work =
    state?.snapshot.value === COMPLETED && existsSync(worktree)
      ? await readWorkState(worktree, branch)
      : undefined;
  const planFile = findPlanFile(session.location.dir);
  const report = buildStatusReport({
    place: {
      folder: session.location.folder,
      dir: session.location.dir,
      configPath: config.configPath,
      branch,
      ...(existsSync(worktree) ? { worktree } : {}),
      ...(planFile ? { planFile } : {}),
    },
    settings: toViewSettings(config),
    exists: existsSync(session.location.dir),
    state,
    ...(work ? { work } : {}),
    rows: history.rows,
    skipped: history.skipped,
    fileProblems: [history.problem, overview.problem].filter((problem) => problem !== undefined),
    lock: copy ? { isLive: isLeaseLive(copy.holder, now.getTime()) } : readLockStatus(paths.lock),
    ...(copy ? { lease: copy.holder ? { holder: copy.holder } : {} } : {}),
    providers: {
      primary: config.provider,
      ...(config.fallback ? { fallback: config.fallback.provider } : {}),
    },
    routing: toModelRouting(config),
    now,
    flowLog: overview.text === undefined ? [] : readFlowLog(overview.text, FLOW_LINES),
  });
  // The files may hold text written before samocode cleaned it, or by hand: clean what is shown.
  const settings = buildSettingsView(recorded, paths.settings, merge.notes);
  const cleanText = buildTextCleaner(buildEnvRedactor(config.environment));
  const clean = cleanDeep(
    { ...report, settings },
    copy ? (text) => copy.relocate(cleanText(text)) : cleanText,
  );
  process.stdout.write(
    options.json
      ? `${JSON.stringify(clean, null, 2)}\n`
      : `${renderStatusReport(clean, options.verbose === true)}${renderSettingsSection(clean.settings)}`,
  );
  return EXIT.complete;
}
