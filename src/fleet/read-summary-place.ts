/** What `ls` and the dashboard share about a project's sessions, read from its configuration and WORKTREES. */
import { readdirSync } from 'node:fs';
import type { Config } from '../config/config.js';
import { toViewSettings } from '../view/view-settings.js';
import type { SummaryPlace } from './session-summary.js';

/** The session folders that still have a worktree; a WORKTREES removed since the check has none. */
function readWorktreeFolders(dir: string): ReadonlySet<string> {
  try {
    return new Set(readdirSync(dir));
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return new Set();
    throw error;
  }
}

export function readSummaryPlace(config: Config, configPath: string): SummaryPlace {
  return {
    configPath,
    settings: toViewSettings(config),
    branchPrefix: config.branchPrefix,
    worktrees: { dir: config.worktrees, folders: readWorktreeFolders(config.worktrees) },
    now: Date.now(),
  };
}
