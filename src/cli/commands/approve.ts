/** `samocode approve`: crosses the plan-approval gate of a session parked at it. */
import { EXIT } from '../../exit-codes.js';
import { locateExistingSession, lockSession, warnOnStderr } from '../../runner/open-session.js';
import { loadSessionConfig } from '../../runner/session-config.js';
import { toWorkflowSettings } from '../../runner/workflow-settings.js';
import { toBranchName } from '../../session/session-name.js';
import { buildViewCommands } from '../../view/view-commands.js';
import { approveSession } from './approve-session.js';

export interface ApproveOptions {
  readonly config: string;
  readonly session: string;
}

export async function approveCommand(options: ApproveOptions): Promise<number> {
  // The machine is built from the session's own settings, as the run that saved it was.
  const { config } = loadSessionConfig({
    configPath: options.config,
    requireCli: false,
    session: options.session,
  });
  const session = locateExistingSession(config, options.session);
  const lock = lockSession(session, 'approve', warnOnStderr);
  try {
    const folder = session.location.folder;
    // The dated folder names the session exactly, as in every other command samocode prints.
    const runAgain = buildViewCommands({
      folder,
      dir: session.location.dir,
      configPath: config.configPath,
    }).run;
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
    process.stdout.write(`approved the plan: ${result.phase} is next; continue with: ${runAgain}\n`);
    return EXIT.complete;
  } finally {
    lock.release();
  }
}
