/**
 * Bounds for the machine's timed waits. A usage-limit reset in the past or a wrong clock must not
 * become a tight loop, and a delay past 2^31 - 1 ms must not overflow Node's timer (which then
 * fires after 1 ms). Pure.
 */

/** The longest delay a JavaScript timer honours (about 24.8 days). */
export const MAX_TIMER_MS = 2_147_483_647;

/** A usage-limit wait is never shorter than this, even with a retry delay of 0. */
export const MIN_LIMIT_WAIT_MS = 1_000;

/** Usage limits in a row (no iteration finished between them) before the session fails. */
export const DEFAULT_MAX_LIMITS_IN_A_ROW = 5;

export interface WaitBounds {
  readonly floorMs: number;
  readonly capMs: number;
}

/**
 * `waitMs` held within `[floorMs, capMs]`, and within what a timer can hold; a value that is not a
 * finite number (NaN, ±Infinity) counts as the cap.
 *
 * @example
 * clampWaitMs(-5_000, { floorMs: 5_000, capMs: MAX_TIMER_MS }) // 5_000
 * clampWaitMs(1e16, { floorMs: 5_000, capMs: MAX_TIMER_MS }) // 2_147_483_647
 */
export function clampWaitMs(waitMs: number, bounds: WaitBounds): number {
  const cap = Math.min(MAX_TIMER_MS, Math.max(0, bounds.capMs));
  const floor = Math.min(cap, Math.max(0, bounds.floorMs));
  if (!Number.isFinite(waitMs)) return cap;
  return Math.round(Math.min(cap, Math.max(floor, waitMs)));
}

/** The failure message when usage limits keep coming back. */
export function explainLimitsInARow(count: number, lastMessage: string): string {
  return `hit a usage limit ${count} times in a row without finishing an iteration (last: ${lastMessage}); run again once the limit has really reset`;
}
