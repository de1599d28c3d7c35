/**
 * How a run ended and what to do next: the session view of the final snapshot, as the console's
 * end message and the overview's `Last Action` and `Next`. Pure; the caller reads the plan file and
 * the work state it asks for.
 */
import { awaitedGate, isCompletionClaimed } from '../../machines/state-meaning.js';
import { stateOfValue } from '../../machines/sub-states.js';
import { DEFAULT_MAX_LIMITS_IN_A_ROW } from '../../machines/waits.js';
import type { WorkflowContext, WorkflowSettings } from '../../machines/workflow.js';
import type { SessionPlace } from '../providers/types.js';
import type { WorkState } from '../verify/work-state.js';
import {
  buildSessionView,
  renderEndMessage,
  renderOverviewEnding,
  type SessionView,
  type ViewSettings,
} from '../view/index.js';

export interface RunEnd {
  readonly view: SessionView;
  /** The console's lines: what happened, why, and what to run next. */
  readonly message: string;
  /** The overview's `Last Action` and `Next`. */
  readonly ending: { readonly lastAction: string; readonly next: string };
}

/** What the end needs besides the final snapshot. */
export interface RunEndFacts {
  readonly place: SessionPlace;
  readonly configPath: string;
  readonly settings: ViewSettings;
  readonly now: number;
  /** The plan file, asked only when the session waits for its approval. */
  readonly readPlanFile: () => string | undefined;
  /** The work state, read by the caller for a completion the agent only claimed (`isCompletionClaimed`). */
  readonly work?: WorkState;
}

/** The view's settings when a caller gave none: what the machine's settings say. */
export function viewSettingsOf(settings: WorkflowSettings): ViewSettings {
  return {
    caps: settings.caps,
    budgets: settings.budgets,
    verifyCommand: '',
    maxAttempts: settings.maxAttempts,
    maxLimitsInARow: settings.maxLimitsInARow ?? DEFAULT_MAX_LIMITS_IN_A_ROW,
    noProgressIterations: 0,
  };
}

export function buildRunEnd(final: { value: unknown; context: WorkflowContext }, facts: RunEndFacts): RunEnd {
  const state = stateOfValue(final.value);
  const planFile = awaitedGate(state) === 'approval' ? facts.readPlanFile() : undefined;
  const work = isCompletionClaimed(state, final.context) ? facts.work : undefined;
  const { place } = facts;
  const view = buildSessionView({
    place: {
      folder: place.sessionName,
      dir: place.sessionDir,
      configPath: facts.configPath,
      branch: place.branch,
      // Outside git the work ran in the main repo: there is no worktree to clean.
      ...(place.workDir === place.mainRepo ? {} : { worktree: place.workDir }),
      ...(planFile ? { planFile } : {}),
    },
    settings: facts.settings,
    snapshot: final,
    // The end message shows no spend: no history needs reading.
    rows: [],
    isLive: false,
    ...(work ? { work } : {}),
    now: facts.now,
  });
  return { view, message: renderEndMessage(view), ending: renderOverviewEnding(view) };
}
