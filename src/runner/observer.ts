/**
 * What observers (logs, progress line, Telegram, inspector) may watch. The machine never
 * knows them; the runner calls them and a failing observer never breaks the loop.
 */
import type { WorkflowContext } from '../../machines/context.js';
import type { WorkflowEvent } from '../../machines/events.js';
import type { AttemptReport, Progress } from '../providers/types.js';

/** A plain view of a machine snapshot, safe to log (no functions, no actor refs). */
export interface SnapshotView {
  readonly value: unknown;
  readonly status: string;
  readonly context: WorkflowContext;
}

export interface TransitionInfo {
  readonly sessionName: string;
  readonly event: WorkflowEvent;
  readonly before: SnapshotView;
  readonly after: SnapshotView;
}

/** How a run ended; the exit code is a pure function of the final snapshot. */
export interface RunEnd {
  readonly sessionName: string;
  readonly exitCode: number;
  readonly final: SnapshotView;
  /** One human sentence: what happened and what to do next. */
  readonly message: string;
}

export interface SessionObserver {
  onTransition?(info: TransitionInfo): void;
  onProgress?(progress: Progress): void;
  onAttemptEnd?(report: AttemptReport): void;
  onEnd?(end: RunEnd): void | Promise<void>;
}
