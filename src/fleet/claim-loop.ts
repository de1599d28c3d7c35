/**
 * The loop of a process that runs queued sessions (`serve` on one machine, `worker` for a team):
 * take claims while under its limits, run each in this process, look at the queue again when a
 * run ends or every `pollMs`. `untilIdle` ends the loop once nothing is queued or running anywhere
 * (for scripts and tests); a stop (the signal) ends it after every run has stopped.
 */
import type { Claim, QueueLimits, SessionQueue } from '../store/session-queue.js';

export interface ClaimLoopInput {
  readonly queue: SessionQueue;
  readonly worker: string;
  readonly limits: QueueLimits;
  readonly leaseMs: number;
  readonly pollMs: number;
  readonly signal: AbortSignal;
  readonly untilIdle?: boolean;
  /** Runs one claim to its end; it completes or fails the claim itself. */
  readonly runClaim: (claim: Claim) => Promise<void>;
  /** A limit keeps this worker from taking more (said once per new reason). */
  readonly onFull?: (reason: string) => void;
}

/** Nothing queued and nothing running on any worker: an `--until-idle` loop may end. */
async function isQueueIdle(queue: SessionQueue): Promise<boolean> {
  const view = await queue.readQueue();
  return view.queued.length === 0 && view.running.length === 0;
}

export async function runClaimLoop(input: ClaimLoopInput): Promise<void> {
  const { queue, signal } = input;
  const running = new Set<Promise<void>>();
  let wake = () => {};
  let lastFull: string | undefined;
  const onAbort = () => wake();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    while (!signal.aborted) {
      while (running.size < input.limits.maxPerWorker && !signal.aborted) {
        const taken = await queue.take(input.worker, input.limits, { leaseMs: input.leaseMs });
        if (taken.kind === 'full' && taken.reason !== lastFull) input.onFull?.(taken.reason);
        lastFull = taken.kind === 'full' ? taken.reason : undefined;
        if (taken.kind !== 'claimed') break;
        const run: Promise<void> = input.runClaim(taken.claim).finally(() => {
          running.delete(run);
          wake();
        });
        running.add(run);
      }
      if (input.untilIdle && running.size === 0 && (await isQueueIdle(queue))) break;
      await new Promise<void>((done) => {
        const timer = setTimeout(done, input.pollMs);
        wake = () => {
          clearTimeout(timer);
          done();
        };
        if (signal.aborted) wake();
      });
    }
    await Promise.all(running);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
