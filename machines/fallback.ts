/**
 * Provider fallback: when the primary provider hits a usage limit that resets at least
 * `fallbackAfterMs` ahead, the next attempts run on the fallback provider until that reset; then
 * they go back to the primary. A limit on the fallback waits (until the earlier of the two resets).
 * The machine reads the wall clock through `settings.now`, so tests drive it with a simulated one.
 * Pure.
 */

import { MAX_TIMER_MS } from './waits.js';

/** Which configured provider runs an attempt. */
export const PROVIDER_ROLES = ['primary', 'fallback'] as const;
export type ProviderRole = (typeof PROVIDER_ROLES)[number];

/** A usage limit that resets at least this far ahead moves to the fallback provider (15 minutes). */
export const DEFAULT_FALLBACK_AFTER_MS = 15 * 60_000;

/** What the fallback rules read from the machine's context. */
export interface FallbackState {
  /** The provider the current (or last) attempt runs on; absent = primary. */
  readonly provider?: ProviderRole;
  /** When the primary's usage limit resets (epoch ms), while attempts run on the fallback. */
  readonly fallbackUntil?: number;
}

/**
 * The provider an attempt that starts at `now` runs on: the fallback while the primary's limit
 * has not reset, and only when a fallback is configured (a restored session may have had one).
 * With no time known, a fallback in force stays.
 *
 * @example
 * roleAt({ fallbackUntil: 5_000 }, true, 4_999) // 'fallback'
 * roleAt({ fallbackUntil: 5_000 }, true, 5_000) // 'primary'
 */
export function roleAt(state: FallbackState, hasFallback: boolean, now: number | undefined): ProviderRole {
  return hasFallback && state.fallbackUntil !== undefined && (now === undefined || now < state.fallbackUntil)
    ? 'fallback'
    : 'primary';
}

/** The primary hit a limit that resets far enough ahead, and a fallback is configured. */
export function shouldFallBack(
  state: FallbackState,
  fallbackAfterMs: number | undefined,
  waitMs: number,
): boolean {
  return fallbackAfterMs !== undefined && state.provider !== 'fallback' && waitMs >= fallbackAfterMs;
}

/**
 * How long a usage limit keeps the session waiting: on the fallback, no longer than until the
 * primary resets (rounded up, so the wait never ends before the reset).
 *
 * @example
 * limitWaitMs({ provider: 'fallback', fallbackUntil: 10_000 }, 60_000, 4_000) // 6_000
 */
export function limitWaitMs(state: FallbackState, waitMs: number, now: number): number {
  if (state.provider !== 'fallback' || state.fallbackUntil === undefined) return waitMs;
  return Math.min(waitMs, Math.max(0, Math.ceil(state.fallbackUntil - now)));
}

/**
 * When the primary's limit resets (epoch ms): the reset time the provider named, else `waitMs` from now.
 *
 * @example
 * fallbackUntilOf({ waitMs: 60_000, resetsAt: '2026-11-24T17:05:00.000Z' }, 0) // 1795539900000
 */
export function fallbackUntilOf(
  limit: { readonly waitMs: number; readonly resetsAt?: string },
  now: number,
): number {
  const named = Date.parse(limit.resetsAt ?? '');
  if (Number.isFinite(named)) return named;
  return now + (Number.isFinite(limit.waitMs) ? limit.waitMs : MAX_TIMER_MS);
}

/** A limit on the fallback lasts at least as long as the primary's: after the wait, the primary runs again. */
export function isPrimaryDueFirst(state: FallbackState, waitMs: number, now: number): boolean {
  return (
    state.provider === 'fallback' &&
    state.fallbackUntil !== undefined &&
    Math.ceil(state.fallbackUntil - now) <= waitMs
  );
}
