/** `samocode clean`: removes a session's worktree, keeps (or deletes) its branch, never loses work without --force. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../config/config.js';
import { SamocodeError } from '../../errors.js';
import { EXIT } from '../../exit-codes.js';
import {
  locateExistingSession,
  lockSession,
  type OpenedSession,
  warnOnStderr,
} from '../../runner/open-session.js';
import { loadSessionConfig } from '../../runner/session-config.js';
import { writeFileAtomic } from '../../session/atomic-write.js';
import { patchOverviewEnding } from '../../session/overview.js';
import { toBranchName } from '../../session/session-name.js';
import { readSessionState } from '../../session/snapshot-store.js';
import { applyClean, planClean, readCleanState } from '../../session/worktree-clean.js';
import { buildSessionView, renderOverviewEnding } from '../../view/index.js';
import { toViewSettings } from '../../view/view-settings.js';

export interface CleanCommandOptions {
  readonly config: string;
  readonly session: string;
  readonly deleteBranch?: boolean;
  readonly force?: boolean;
}

/** The overview's `Next` must not keep saying to clean: it says what the session view says now. */
function noteCleanInOverview(session: OpenedSession, config: Config, branch: string): void {
  const { paths, location } = session;
  const state = readSessionState(paths.state);
  if (state === undefined || !existsSync(paths.overview)) return;
  const snapshot = { value: state.snapshot.value, context: state.snapshot.context };
  const view = buildSessionView({
    place: { folder: location.folder, dir: location.dir, configPath: config.configPath, branch },
    settings: toViewSettings(config),
    snapshot,
    rows: [],
    isLive: false,
    now: Date.now(),
  });
  const text = patchOverviewEnding(readFileSync(paths.overview, 'utf8'), {
    lastAction: `samocode: samocode clean removed the worktree; ${view.headline}`,
    next: renderOverviewEnding(view).next,
  });
  writeFileAtomic(paths.overview, text, { durable: false });
}

export async function cleanCommand(options: CleanCommandOptions): Promise<number> {
  // The branch is named with the session's own GIT_BRANCH_PREFIX.
  const { config } = loadSessionConfig({
    configPath: options.config,
    requireCli: false,
    session: options.session,
  });
  const session = locateExistingSession(config, options.session);
  // The lock keeps a run from starting in a worktree that is being removed (exit 3 if one is running).
  const lock = lockSession(session, 'clean', warnOnStderr);
  try {
    const folder = session.location.folder;
    const request = {
      mainRepo: config.mainRepo,
      worktreePath: join(config.worktrees, folder),
      branch: toBranchName(folder, config.branchPrefix),
    };
    const flags = { deleteBranch: options.deleteBranch === true, force: options.force === true };
    const plan = planClean(await readCleanState(request), request, flags);
    if (plan.refusal !== undefined)
      throw new SamocodeError('clean.refused', `nothing removed: ${plan.refusal}`);
    const done = await applyClean(plan, request, flags);
    if (plan.removeWorktree) noteCleanInOverview(session, config, request.branch);
    const lines = [
      ...done,
      ...plan.kept,
      `kept the session folder ${session.location.dir} (history, logs, _overview.md)`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return EXIT.complete;
  } finally {
    lock.release();
  }
}
