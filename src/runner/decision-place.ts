/**
 * Where a decision given outside a run is applied: the session's files and place, the machine's
 * settings as the session keeps them, and what `_overview.md` says once it is applied. Built once
 * from the session's configuration by the command (or the dashboard) that decides.
 */
import { basename } from 'node:path';
import { isInFlight } from '../../machines/state-meaning.js';
import type { WorkflowSettings } from '../../machines/workflow.js';
import type { Config } from '../config/config.js';
import type { Decision } from '../gates/decision.js';
import { renderDecision } from '../gates/decision-text.js';
import type { SessionPlace } from '../providers/types.js';
import type { SessionPaths } from '../session/paths.js';
import { findPlanFile } from '../session/plan-file.js';
import { toBranchName } from '../session/session-name.js';
import type { ViewSettings } from '../view/index.js';
import { buildViewCommands } from '../view/view-commands.js';
import { toViewSettings } from '../view/view-settings.js';
import { buildRunEnd } from './end-message.js';
import type { OverviewEnding } from './overview-writer.js';
import type { LoopState } from './session-loop.js';
import { toWorkflowSettings } from './workflow-settings.js';

export interface DecisionPlace {
  readonly paths: SessionPaths;
  readonly place: SessionPlace;
  readonly settings: WorkflowSettings;
  readonly viewSettings: ViewSettings;
  readonly configPath: string;
  readonly providerName: string;
  readonly model: string;
  /** The command named in the run lock while this process applies a decision (`approve`, `dashboard`). */
  readonly command: string;
  readonly warn: (message: string) => void;
  /** `_overview.md`'s `Last Action` and `Next` once the decision is applied. */
  ending(after: LoopState, decision: Decision): OverviewEnding;
}

export function buildDecisionPlace(
  config: Config,
  paths: SessionPaths,
  command: string,
  warn: (message: string) => void,
): DecisionPlace {
  const folder = basename(paths.dir);
  const place: SessionPlace = {
    sessionName: folder,
    sessionDir: paths.dir,
    workDir: config.mainRepo,
    mainRepo: config.mainRepo,
    worktreePath: config.worktrees,
    branch: toBranchName(folder, config.branchPrefix),
  };
  const viewSettings = toViewSettings(config);
  const run = buildViewCommands({ folder, dir: paths.dir, configPath: config.configPath }).run;
  return {
    paths,
    place,
    settings: toWorkflowSettings(config, { autoApprove: false, once: false }),
    viewSettings,
    configPath: config.configPath,
    providerName: config.provider,
    model: config.model,
    command,
    warn,
    ending(after, decision) {
      const lastAction = `samocode: ${renderDecision(decision)}`;
      if (isInFlight(after.state)) return { lastAction, next: `continue with: ${run}` };
      const end = buildRunEnd(after, {
        place,
        configPath: config.configPath,
        settings: viewSettings,
        now: Date.now(),
        readPlanFile: () => findPlanFile(paths.dir),
      });
      return { lastAction, next: end.ending.next };
    },
  };
}
