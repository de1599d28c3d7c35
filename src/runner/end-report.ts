/**
 * How a run ended, said once: the console's sentence (`end-message.ts`), the `Last Action` and
 * `Next` lines of `_overview.md`, and the observers' `onEnd` (the summary, Telegram).
 */
import { awaitedBy, exitClassOf } from '../../machines/sub-states.js';
import type { SessionPlace } from '../providers/types.js';
import type { SessionPaths } from '../session/paths.js';
import { findPlanFile } from '../session/plan-file.js';
import type { WorkState } from '../verify/work-state.js';
import { joinEndParts, renderEndParts } from './end-message.js';
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
  readonly observers: readonly SessionObserver[];
  readonly warn: (message: string) => void;
  readonly now: () => Date;
  /** The git state of the work, read only for a completion the agent claimed. */
  readonly readWork: () => WorkState | undefined;
}

export async function reportEnd(input: EndReportInput): Promise<RunResult> {
  const { exitCode, final, paths, place } = input;
  const isClaimed = exitClassOf(final.state) === 'complete' && final.context.receipt === undefined;
  const planFile = awaitedBy(final.state) === 'approve' ? findPlanFile(paths.dir) : undefined;
  const end = renderEndParts(
    exitCode,
    final.state,
    final.context,
    {
      sessionName: place.sessionName,
      configPath: input.configPath,
      sessionDir: paths.dir,
      branch: place.branch,
      workDir: place.workDir,
      ...(planFile ? { planFile } : {}),
    },
    isClaimed ? input.readWork() : undefined,
  );
  const message = joinEndParts(end);
  // The agent's Last Action/Next describe its iteration; once the run stops they must say how it ended.
  writeOverview(
    paths,
    place,
    { state: final.state, context: final.context },
    input.now,
    undefined,
    input.warn,
    { lastAction: `samocode: ${end.happened}`, next: end.next },
  );
  const view: SnapshotView = { value: final.value, status: final.status, context: final.context };
  await notifyObserversAsync(
    input.observers,
    { sessionName: place.sessionName, exitCode, final: view, message },
    input.warn,
  );
  return { exitCode, final: view, message };
}
