/**
 * How a run ended, said once: the session view's end message for the console (`end-message.ts`),
 * the `Last Action` and `Next` lines of `_overview.md`, and the observers' `onEnd` (the summary,
 * Telegram).
 */
import { isCompletionClaimed } from '../../machines/state-meaning.js';
import type { SessionPlace } from '../providers/types.js';
import type { SessionPaths } from '../session/paths.js';
import { findPlanFile } from '../session/plan-file.js';
import type { WorkState } from '../verify/work-state.js';
import type { ViewSettings } from '../view/index.js';
import { buildRunEnd } from './end-message.js';
import { notifyObserversAsync } from './notify-observers.js';
import type { SessionObserver, SnapshotView } from './observer.js';
import { writeOverview } from './overview-writer.js';
import type { LoopState } from './session-loop.js';

export interface RunResult {
  readonly exitCode: number;
  readonly final: SnapshotView;
  readonly message: string;
}

export interface EndReportInput {
  readonly exitCode: number;
  readonly final: LoopState;
  readonly paths: SessionPaths;
  readonly place: SessionPlace;
  readonly configPath: string;
  /** What the view needs to explain a stop (the verify command, budgets, caps). */
  readonly viewSettings: ViewSettings;
  readonly observers: readonly SessionObserver[];
  readonly warn: (message: string) => void;
  readonly now: () => Date;
  /** The git state of the work, read only for a completion the agent claimed. */
  readonly readWork: () => Promise<WorkState | undefined>;
}

export async function reportEnd(input: EndReportInput): Promise<RunResult> {
  const { exitCode, final, paths, place } = input;
  const work = isCompletionClaimed(final.state, final.context) ? await input.readWork() : undefined;
  const end = buildRunEnd(final, {
    place,
    configPath: input.configPath,
    settings: input.viewSettings,
    now: input.now().getTime(),
    readPlanFile: () => findPlanFile(paths.dir),
    ...(work ? { work } : {}),
  });
  // The agent's Last Action/Next describe its iteration; once the run stops they must say how it ended.
  writeOverview(
    paths,
    place,
    { state: final.state, context: final.context },
    input.now,
    undefined,
    input.warn,
    end.ending,
  );
  const view: SnapshotView = { value: final.value, status: final.status, context: final.context };
  await notifyObserversAsync(
    input.observers,
    { sessionName: place.sessionName, exitCode, final: view, message: end.message },
    input.warn,
  );
  return { exitCode, final: view, message: end.message };
}
