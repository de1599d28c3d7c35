/**
 * Settings that guards and delays read, fixed when the machine is built for one run. They are
 * inputs to guards only: the machine has the same states and transitions whatever they are, so a
 * session saved under one setting restores under another. To add one: declare it here with a
 * default in `defaultSettings`, then read it in a guard or delay in `workflow-guards.ts`.
 */
import { NO_CAPS, type SpendCaps } from './budget.js';
import { mapPhases, type Phase, type PhaseRegistry } from './phases.js';

export interface WorkflowSettings {
  readonly autoApprove: boolean;
  /** Stop in `paused` when the first iteration of this run ends (`--once`). */
  readonly once: boolean;
  /** Attempts per iteration, the first included. */
  readonly maxAttempts: number;
  readonly retryDelayMs: number;
  readonly maxSuspendMs: number;
  /** The usage limit that makes this many in a row fails the session (default 5). */
  readonly maxLimitsInARow?: number;
  readonly budgets: Readonly<Record<Phase, number>>;
  /** Cost, token and provider-time caps per session and phase; no key = no cap. */
  readonly caps: SpendCaps;
  /** A factor in [0.5, 1] applied to backoff delays; deterministic by default. */
  readonly jitter: () => number;
  /** A verify command is configured: `done` is checked in `verifying` before the session completes. */
  readonly verify: boolean;
  /** Iterations in a row of one phase with the same progress mark that block the session; 0 = off. */
  readonly noProgressIterations: number;
  /**
   * A fallback provider is configured: a usage limit of the primary that resets at least this far
   * ahead moves the next attempts to it until the reset (`fallback.ts`). Absent = no fallback.
   */
  readonly fallbackAfterMs?: number;
  /**
   * An escalation model is configured: an iteration that would block or fail for a reason a
   * stronger model could change runs once more on it (`escalation.ts`).
   */
  readonly escalate: boolean;
}

/** Iterations in a row without progress that block a session, unless configured otherwise. */
export const DEFAULT_NO_PROGRESS_ITERATIONS = 3;

export function budgetsOf(registry: PhaseRegistry): Record<Phase, number> {
  return mapPhases((phase) => registry[phase].maxIterations);
}

export function defaultSettings(registry: PhaseRegistry): WorkflowSettings {
  return {
    autoApprove: false,
    once: false,
    maxAttempts: 3,
    retryDelayMs: 5_000,
    maxSuspendMs: 6 * 3_600_000,
    budgets: budgetsOf(registry),
    caps: NO_CAPS,
    jitter: () => 1,
    verify: false,
    noProgressIterations: DEFAULT_NO_PROGRESS_ITERATIONS,
    escalate: false,
  };
}

/** Exponential backoff: base, 2×base, 4×base … for attempts 2, 3, 4 …, scaled by jitter. */
export function backoffMs(attempt: number, baseMs: number, jitter: number): number {
  return Math.round(baseMs * 2 ** Math.max(0, attempt - 2) * jitter);
}
