/** Whether a worker may take one more claim, from the claims the store records. Pure. */
import type { QueueLimits } from './session-queue.js';

export interface ClaimCounts {
  /** Claims the worker holds. */
  readonly worker: number;
  /** Claims held under the worker's account label, by every worker. */
  readonly account: number;
}

/** Why the worker must not take another claim now, or undefined when it may. */
export function checkLimits(counts: ClaimCounts, worker: string, limits: QueueLimits): string | undefined {
  if (counts.worker >= limits.maxPerWorker)
    return `${worker} runs ${counts.worker} of at most ${limits.maxPerWorker} sessions (SAMOCODE_MAX_SESSIONS)`;
  if (
    limits.account !== undefined &&
    limits.maxPerAccount !== undefined &&
    counts.account >= limits.maxPerAccount
  )
    return `account ${limits.account} runs ${counts.account} of at most ${limits.maxPerAccount} sessions across all workers`;
  return undefined;
}
