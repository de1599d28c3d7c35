/** `samocode approve`: crosses the plan-approval gate of a session parked at it. */
import { loadConfig } from '../../config/load-config.js';
import { EXIT } from '../../exit-codes.js';
import { locateExistingSession, lockSession, warnOnStderr } from '../../runner/open-session.js';
import { toWorkflowSettings } from '../../runner/workflow-settings.js';
import { toBranchName } from '../../session/session-name.js';
import { approveSession } from './approve-session.js';

export interface ApproveOptions {
  readonly config: string;
  readonly session: string;
}

export async function approveCommand(options: ApproveOptions): Promise<number> {
  const config = loadConfig({ configPath: options.config, requireCli: false });
  const session = locateExistingSession(config, options.session);
  const lock = lockSession(session, 'approve', warnOnStderr);
  try {
    const folder = session.location.folder;
    const runAgain = `samocode run --config ${config.configPath} --session ${options.session}`;
    const result = approveSession(
      session.paths,
      {
        sessionName: folder,
        sessionDir: session.location.dir,
        workDir: config.mainRepo,
        mainRepo: config.mainRepo,
        worktreePath: config.worktrees,
        branch: toBranchName(folder, config.branchPrefix),
      },
      toWorkflowSettings(config, { autoApprove: false, once: false }),
      warnOnStderr,
      { runAgain, provider: config.provider, model: config.model },
    );
    process.stdout.write(`approved: ${result.from} -> ${result.to}; continue with: ${runAgain}\n`);
    return EXIT.complete;
  } finally {
    lock.release();
  }
}
