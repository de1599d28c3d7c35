/** One line of `ls` (and one card of the dashboard): the session view plus what the folder says. Pure. */
import { join } from 'node:path';
import type { RecordedSettings } from '../config/recorded-settings.js';
import { toBranchName } from '../session/session-name.js';
import { buildSessionView, type SessionView, type ViewSettings } from '../view/index.js';
import { renderCurrentModel } from '../view/models-text.js';
import { routingOfRecord } from '../view/view-settings.js';
import type { SessionFiles } from './read-session-files.js';
import { renderAge } from './session-list.js';

/** What every session of a project shares: its `.samocode`, its settings, where its worktrees are. */
export interface SummaryPlace {
  readonly configPath: string;
  /** The project's settings: what a session without a record of its own is shown with. */
  readonly settings: ViewSettings;
  /** A session's own settings from its record (`_settings.json`) laid over the project's. */
  readonly settingsOf?: (recorded: RecordedSettings) => ViewSettings;
  readonly branchPrefix: string;
  /** WORKTREES, and the session folders that still have a worktree there. */
  readonly worktrees?: { readonly dir: string; readonly folders: ReadonlySet<string> };
  /** The clock the view reads (epoch ms). */
  readonly now: number;
}

export interface SessionSummary extends SessionView {
  /** The machine state (`planning.awaitingApproval`, `completed`, `not started`, `unreadable`). */
  readonly state: string;
  readonly worker: {
    readonly isRunning: boolean;
    readonly pid?: number;
    readonly host?: string;
    /** The worker holding a shared store's lease on the session. */
    readonly name?: string;
  };
  readonly lastChange: string;
  /** `42s ago`, `5m ago`: the last change as `ls` and the dashboard show it. */
  readonly changedText: string;
  /** Problems with the files, e.g. corrupt history lines. */
  readonly problems: readonly string[];
  /** The command to run next: the one the console, `status`, `_overview.md` and the dashboard show too. */
  readonly continueWith?: string;
  /** The model the iteration now (or next) runs on, `opus (escalation)`, or `-`: the MODEL column. */
  readonly modelText: string;
}

export function buildSessionSummary(files: SessionFiles, place: SummaryPlace): SessionSummary {
  const worktree = place.worktrees?.folders.has(files.folder)
    ? join(place.worktrees.dir, files.folder)
    : undefined;
  const routing = routingOfRecord(files.settings);
  const view = buildSessionView({
    place: {
      folder: files.folder,
      dir: files.dir,
      configPath: place.configPath,
      branch: toBranchName(files.folder, place.branchPrefix),
      ...(worktree ? { worktree } : {}),
    },
    settings: files.settings && place.settingsOf ? place.settingsOf(files.settings) : place.settings,
    ...(files.state ? { snapshot: files.state.snapshot } : {}),
    ...(files.stateProblem ? { problem: files.stateProblem } : {}),
    rows: files.rows,
    isLive: files.lock.isLive,
    ...(routing ? { routing } : {}),
    now: place.now,
  });
  const problems = [
    ...(files.corruptHistoryLines > 0
      ? [`${files.corruptHistoryLines} corrupt history line(s) skipped`]
      : []),
    ...(files.historyProblem ? [files.historyProblem] : []),
    ...(files.lock.problem ? [files.lock.problem] : []),
  ];
  const lastChange = new Date(files.changedAtMs).toISOString();
  return {
    ...view,
    state: view.machine.state,
    worker: {
      isRunning: files.lock.isLive,
      ...(files.lock.isLive && files.lock.holder
        ? { pid: files.lock.holder.pid, host: files.lock.holder.host }
        : {}),
      ...(files.heldBy ? { name: files.heldBy } : {}),
    },
    lastChange,
    changedText: `${renderAge(lastChange, place.now)} ago`,
    problems,
    modelText: renderCurrentModel(view.models),
    ...(view.next?.command ? { continueWith: view.next.command } : {}),
  };
}
