/** `samocode clean`: removes a session's worktree, keeps (or deletes) its branch, never loses work without --force. */
import { join } from 'node:path';
import { loadConfig } from '../../config/load-config.js';
import { SamocodeError } from '../../errors.js';
import { EXIT } from '../../exit-codes.js';
import { locateExistingSession, lockSession, warnOnStderr } from '../../runner/open-session.js';
import { toBranchName } from '../../session/session-name.js';
import { applyClean, planClean, readCleanState } from '../../session/worktree-clean.js';

export interface CleanCommandOptions {
  readonly config: string;
  readonly session: string;
  readonly deleteBranch?: boolean;
  readonly force?: boolean;
}

export async function cleanCommand(options: CleanCommandOptions): Promise<number> {
  const config = loadConfig({ configPath: options.config, requireCli: false });
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
