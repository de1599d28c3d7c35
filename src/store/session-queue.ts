/**
 * The session queue: `submit` enqueues a session run (the `run` flags as plain JSON), workers
 * `take` the next one within their limits, and `complete` or `fail` it when the run stops. A
 * session is queued at most once at a time and runs on one worker at a time (a claim holds the
 * session's lease). Limits are counted from the store's own record of running claims, so they
 * hold across workers and machines.
 */
import type { JsonObject } from './json.js';
import type { Lease } from './session-store.js';

export interface SessionRequest {
  readonly session: string;
  /** The `run` flags of this request (task, dive, provider …); `{}` to resume with the session's settings. */
  readonly args: JsonObject;
}

export interface QueueLimits {
  /** Most claims one worker holds at once (`SAMOCODE_MAX_SESSIONS`). */
  readonly maxPerWorker: number;
  /** The account label of the worker (`SAMOCODE_ACCOUNT`); claims count against it. */
  readonly account?: string;
  /** Most claims one account holds across all workers. */
  readonly maxPerAccount?: number;
}

/** A taken request: the worker runs the session while it holds `lease` (and renews it). */
export interface Claim {
  readonly id: string;
  readonly session: string;
  readonly args: JsonObject;
  readonly worker: string;
  readonly account?: string;
  readonly lease: Lease;
  readonly startedAt: string;
}

export type TakeResult =
  | { readonly kind: 'claimed'; readonly claim: Claim }
  /** Nothing is queued that this worker may run now. */
  | { readonly kind: 'idle' }
  /** A limit is reached; `reason` names it and the count. */
  | { readonly kind: 'full'; readonly reason: string };

export type SubmitResult =
  | { readonly kind: 'queued'; readonly id: string }
  /** The session is queued already; the request waiting is kept. */
  | { readonly kind: 'already-queued' }
  /** The session is running: it is queued again, with these flags, when that run ends. */
  | { readonly kind: 'after-current-run' };

export interface QueuedRequest {
  readonly id: string;
  readonly session: string;
  readonly submittedAt: string;
}

export interface RunningClaim {
  readonly id: string;
  readonly session: string;
  readonly worker: string;
  readonly account?: string;
  readonly startedAt: string;
}

/** A claim that ended: how, and when (the store's record of who ran what). */
export interface FinishedRun extends RunningClaim {
  readonly endedAt: string;
  readonly outcome: JsonObject;
}

export interface QueueView {
  readonly queued: readonly QueuedRequest[];
  readonly running: readonly RunningClaim[];
  /** The most recent finished runs, oldest first. */
  readonly finished: readonly FinishedRun[];
}

export interface TakeOptions {
  /** How long the claim's lease lasts unless renewed (PostgreSQL; a folder lease lasts as long as the worker's process). */
  readonly leaseMs: number;
}

export interface SessionQueue {
  readonly kind: 'folder' | 'postgres';
  submit(request: SessionRequest): Promise<SubmitResult>;
  /** Enqueues a session again (a gate was answered): resumes it with its own settings. */
  requeue(session: string): Promise<SubmitResult>;
  take(worker: string, limits: QueueLimits, options: TakeOptions): Promise<TakeResult>;
  /** The run stopped (done, waiting, blocked): the claim and its lease end. */
  complete(claim: Claim, outcome: JsonObject): Promise<void>;
  /** The run broke (an internal error): the request is queued again, and the claim and lease end. */
  fail(claim: Claim, reason: string): Promise<void>;
  readQueue(): Promise<QueueView>;
  close(): Promise<void>;
}
