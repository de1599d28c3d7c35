/** What the session view is built from: where the session is, its settings, and what was read. */
import type { SpendCaps } from '../../machines/budget.js';
import type { Phase } from '../../machines/phases.js';
import type { HistoryRow } from '../session/history.js';
import type { WorkState } from '../verify/work-state.js';
import type { ModelRouting } from './models-view.js';

/** The settings that change what a state means (a grant's amount, a budget's size, the verify command). */
export interface ViewSettings {
  readonly caps: SpendCaps;
  /** Iterations each phase may spend before it blocks. */
  readonly budgets: Readonly<Record<Phase, number>>;
  /** The verify command, '' when completion is only claimed. */
  readonly verifyCommand: string;
  /** Attempts per iteration, the first included. */
  readonly maxAttempts: number;
  /** Usage limits in a row that fail the session. */
  readonly maxLimitsInARow: number;
  /** Iterations in a row without a change that block the session (0 = off). */
  readonly noProgressIterations: number;
}

/** Where the session lives and how a person names it in a command. */
export interface ViewPlace {
  /** The dated session folder name: what `--session` names exactly. */
  readonly folder: string;
  /** The session folder's path. */
  readonly dir: string;
  /** The `.samocode` path as the commands should carry it. */
  readonly configPath: string;
  /** The session branch. */
  readonly branch?: string;
  /** The session worktree, when it still exists. */
  readonly worktree?: string;
  /** The plan the agent wrote, when there is one. */
  readonly planFile?: string;
}

export interface ViewInput {
  readonly place: ViewPlace;
  readonly settings: ViewSettings;
  /** The saved snapshot's state value and context; absent before the first save. */
  readonly snapshot?: { readonly value: unknown; readonly context: unknown };
  /** Why `_state.json` could not be read, when it could not. */
  readonly problem?: string;
  readonly rows: readonly HistoryRow[];
  /** A samocode process holds the session and is moving it now. */
  readonly isLive: boolean;
  /** The worktree's git state, for a completion the agent only claimed. */
  readonly work?: WorkState;
  /** The clock the view reads (epoch ms): waits are said relative to it. */
  readonly now: number;
  /** The models the session keeps (its settings); absent before they are recorded. */
  readonly routing?: ModelRouting;
}
