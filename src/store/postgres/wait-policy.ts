/** How long to wait before the next try while PostgreSQL is unreachable, and what to say. Pure. */

export const FIRST_DELAY_MS = 250;
export const MAX_DELAY_MS = 5_000;
/** How long an operation waits for the server by default before it gives up. */
export const DEFAULT_MAX_WAIT_MS = 15 * 60_000;

/** Exponential backoff (250 ms doubling, at most 5 s) scaled by a jitter in [0.5, 1]. */
export function nextDelay(attempt: number, jitter: number): number {
  const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(attempt, 10));
  return Math.round(base * Math.min(1, Math.max(0.5, jitter)));
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

/** What the store tells its caller while it waits and when the server is back. */
export type StoreNotice =
  | {
      readonly kind: 'waiting';
      readonly what: string;
      readonly reason: string;
      readonly waitedMs: number;
      readonly nextTryMs: number;
      readonly message: string;
    }
  | { readonly kind: 'back'; readonly what: string; readonly waitedMs: number; readonly message: string };

export function buildWaitingNotice(
  server: string,
  what: string,
  reason: string,
  waitedMs: number,
  nextTryMs: number,
): StoreNotice {
  return {
    kind: 'waiting',
    what,
    reason,
    waitedMs,
    nextTryMs,
    message: `PostgreSQL ${server} is unreachable (${reason}); ${what} waits and tries again in ${seconds(nextTryMs)} (waiting ${seconds(waitedMs)} so far, nothing is lost)`,
  };
}

export function buildBackNotice(server: string, what: string, waitedMs: number): StoreNotice {
  return {
    kind: 'back',
    what,
    waitedMs,
    message: `PostgreSQL ${server} is back after ${seconds(waitedMs)}; ${what} continues`,
  };
}
