/** Whether a stored session's lease holder still holds it: the lease stands in for the run lock. Pure. */
import type { LeaseHolder } from './session-store.js';

/** A holder without an expiry (a folder lease) holds as long as it is recorded. */
export function isLeaseLive(holder: LeaseHolder | undefined, now: number): boolean {
  if (holder === undefined) return false;
  return holder.expiresAt === undefined || Date.parse(holder.expiresAt) >= now;
}
