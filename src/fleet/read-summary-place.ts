/** What `ls` and the dashboard share about a project's sessions, read from its configuration and WORKTREES. */
import { readdirSync } from 'node:fs';
import type { Config } from '../config/config.js';
import { readConfigSources } from '../config/load-config.js';
import type { RecordedSettings } from '../config/recorded-settings.js';
import { layerSessionSettings } from '../config/session-layer.js';
import type { ViewSettings } from '../view/view-input.js';
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
  const project = toViewSettings(config);
  // `.samocode`'s warnings were printed when `config` was loaded.
  const read = readConfigSources({ configPath, requireCli: false, warn: () => undefined });
  const now = new Date();
  // Sessions started alike keep alike records: resolve each distinct record once.
  const known = new Map<string, ViewSettings>();
  const settingsOf = (recorded: RecordedSettings): ViewSettings => {
    const key = JSON.stringify(recorded.settings);
    const seen = known.get(key);
    if (seen) return seen;
    const { result } = layerSessionSettings({
      read,
      recorded,
      flags: {},
      hasRun: true,
      now,
      recordPath: '_settings.json',
    });
    // A record that no longer resolves is shown with the project's settings; `status` names its problem.
    const settings = result.ok ? toViewSettings(result.config) : project;
    known.set(key, settings);
    return settings;
  };
  return {
    configPath,
    settings: project,
    settingsOf,
    branchPrefix: config.branchPrefix,
    worktrees: { dir: config.worktrees, folders: readWorktreeFolders(config.worktrees) },
    now: now.getTime(),
  };
}
