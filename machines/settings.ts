/**
 * Settings that guards and delays read, fixed when the machine is built for one run. To add
 * one: declare it here with a default in `defaultSettings`, then read it in a guard or delay
 * in `workflow-setup.ts`.
 */
import { NO_CAPS, type SpendCaps } from './budget.js';
import { DEFAULT_FALLBACK_AFTER_MS } from './fallback.js';
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
  /**
   * A fallback provider is configured: a usage limit of the primary that resets at least this far
   * ahead moves the next attempts to it until the reset (`fallback.ts`). Absent = no fallback.
   */
  readonly fallbackAfterMs?: number;
  /** The wall clock (epoch ms) the fallback rules read; tests pass a simulated one. */
  readonly now: () => number;
}

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
    now: Date.now,
  };
}

/** Every optional sub-state and edge built (`verifying`, the fallback): the machine as the docs and `samocode graph` show it. */
export function documentedSettings(registry: PhaseRegistry): WorkflowSettings {
  return { ...defaultSettings(registry), verify: true, fallbackAfterMs: DEFAULT_FALLBACK_AFTER_MS };
}

/** Exponential backoff: base, 2×base, 4×base … for attempts 2, 3, 4 …, scaled by jitter. */
export function backoffMs(attempt: number, baseMs: number, jitter: number): number {
  return Math.round(baseMs * 2 ** Math.max(0, attempt - 2) * jitter);
}
