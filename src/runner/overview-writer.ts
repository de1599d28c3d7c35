/** Patches the lines samocode owns in `_overview.md` (creating it from the template first) and appends a Flow Log line. */
import type { StateOf } from '../../machines/sub-states.js';
import type { WorkflowContext } from '../../machines/workflow.js';
import type { SessionPlace } from '../providers/types.js';
import { writeFileAtomic } from '../session/atomic-write.js';
import { appendFlowLine, patchOverviewStatus, renderFlowLine, renderOverview } from '../session/overview.js';
import type { SessionPaths } from '../session/paths.js';
import { readOverviewText } from '../session/read-overview.js';
import { toOverviewStatus } from './overview-status.js';

export interface FlowStep {
  readonly iteration: number;
  readonly from: string;
  readonly to: string;
  readonly event: string;
}

/** How a run ended, written over the agent's `Last Action` and `Next` lines when it stops. */
export interface OverviewEnding {
  readonly lastAction: string;
  readonly next: string;
}

export function writeOverview(
  paths: SessionPaths,
  place: SessionPlace,
  after: { state: StateOf; context: WorkflowContext | undefined },
  now: () => Date,
  step: FlowStep | undefined,
  warn: (message: string) => void,
  ending?: OverviewEnding,
): void {
  try {
    const status = { ...toOverviewStatus(after.state, after.context), ...ending };
    const existing = readOverviewText(paths.overview);
    // A FIFO, a symlink or a huge file there is left alone: reading it could block or cost minutes.
    if (existing.problem !== undefined) {
      warn(`could not update ${paths.overview}: ${existing.problem}`);
      return;
    }
    let text =
      existing.text ??
      renderOverview(
        {
          sessionName: place.sessionName,
          startedAt: now(),
          workDir: place.workDir,
          ...(place.dive ? { dive: place.dive } : {}),
          ...(place.task ? { task: place.task } : {}),
        },
        status,
      );
    text = patchOverviewStatus(text, status);
    if (step) text = appendFlowLine(text, renderFlowLine({ ...step, time: now() }));
    // Display only, rewritten on every transition: atomic for readers, no fsync (the state file has one).
    writeFileAtomic(paths.overview, text, { durable: false });
  } catch (error) {
    warn(`could not update ${paths.overview}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
