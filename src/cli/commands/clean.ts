/** `samocode clean`: removes a session's worktree, keeps (or deletes) its branch, never loses work without --force. */
import { join } from 'node:path';
import { SamocodeError } from '../../errors.js';
import { EXIT } from '../../exit-codes.js';
import { locateExistingSession, lockSession, warnOnStderr } from '../../runner/open-session.js';
import { loadSessionConfig } from '../../runner/session-config.js';
import { toBranchName } from '../../session/session-name.js';
import { applyClean, planClean, readCleanState } from '../../session/worktree-clean.js';

export interface CleanCommandOptions {
  readonly config: string;
  readonly session: string;
  readonly deleteBranch?: boolean;
  readonly force?: boolean;
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
