/** One session of `ls --json` and the dashboard's list: its summary and the settings it keeps. Pure. */
import { join } from 'node:path';
import { buildSettingsView, type SettingsView } from '../config/settings-view.js';
import { SESSION_FILES } from '../session/paths.js';
import type { SessionFiles } from './read-session-files.js';
import { buildSessionSummary, type SessionSummary, type SummaryPlace } from './session-summary.js';

export type FleetEntry = SessionSummary & {
  readonly settings:
    | SettingsView
    | { readonly isRecorded: false; readonly file: string; readonly problem: string };
};

export function buildFleetEntry(files: SessionFiles, place: SummaryPlace): FleetEntry {
  const file = join(files.dir, SESSION_FILES.settings);
  return {
    ...buildSessionSummary(files, place),
    settings:
      files.settingsProblem === undefined
        ? buildSettingsView(files.settings, file)
        : { isRecorded: false, file, problem: files.settingsProblem },
  };
}
