/**
 * Every event the session machine understands: signals parsed from `_signal.json`,
 * attempt outcomes sent by the provider actor, and human events.
 */
import type { Spend, Usage } from './budget.js';
import type { BlockNeed, Phase, WaitReason } from './phases.js';
import type { Receipt } from './receipt.js';

/** What the provider actor attaches to the one event of an attempt. */
export interface AttemptFacts {
  /** What the attempt used: cost, tokens, provider time. */
  readonly usage?: Usage;
  /** Hash of the worktree and the signal after the attempt (the no-progress detector's key). */
  readonly progressKey?: string;
}

/** The agent asks to run `target` next (the same phase when omitted). */
export interface ContinueEvent extends AttemptFacts {
  readonly type: 'signal.continue';
  readonly target?: Phase;
  readonly summary?: string;
}
export interface DoneEvent extends AttemptFacts {
  readonly type: 'signal.done';
  readonly target?: Phase;
  readonly summary: string;
}
export interface BlockedEvent extends AttemptFacts {
  readonly type: 'signal.blocked';
  readonly target?: Phase;
  readonly reason: string;
  readonly needs: BlockNeed;
}
export interface WaitingEvent extends AttemptFacts {
  readonly type: 'signal.waiting';
  readonly target?: Phase;
  readonly for: WaitReason;
  readonly summary?: string;
}
/** `_signal.json` was malformed, oversized or broke the schema. */
export interface InvalidSignalEvent extends AttemptFacts {
  readonly type: 'signal.invalid';
  readonly problem: string;
}
/** The provider exited cleanly but wrote no signal. */
export interface NoSignalEvent extends AttemptFacts {
  readonly type: 'agent.noSignal';
}
export type FailureKind = 'transient' | 'fatal';
/** One attempt failed; `outcome` is the provider outcome class (e.g. `rate_limited`, `auth`). */
export interface AgentFailedEvent extends AttemptFacts {
  readonly type: 'agent.failed';
  readonly kind: FailureKind;
  readonly outcome: string;
  readonly message: string;
}
/** The provider hit a usage limit; retry after `waitMs` without spending an attempt. */
export interface AgentLimitedEvent extends AttemptFacts {
  readonly type: 'agent.limited';
  readonly waitMs: number;
  readonly resetsAt?: string;
  readonly message: string;
}
export interface ApproveEvent {
  readonly type: 'approve';
}
export interface ResumeEvent {
  readonly type: 'resume';
  /** A human's top-up of the spend budgets (`run --grant`). */
  readonly grant?: Spend;
}
/**
 * The agent changed nothing: the worktree and the signal are the same as in the previous
 * iterations, as many in a row as the detector allows (the provider actor decides with
 * `machines/progress.ts` from the track the machine keeps).
 */
export interface NoProgressEvent extends AttemptFacts {
  readonly type: 'agent.noProgress';
  /** Iterations in a row without a change, this one included. */
  readonly streak: number;
}

/** The verify command passed in the worktree; the receipt says on which commit and in what state. */
export interface VerifyPassedEvent {
  readonly type: 'verify.passed';
  readonly receipt: Receipt;
}
/** The verify command failed, timed out or could not start; the receipt carries the output's tail. */
export interface VerifyFailedEvent {
  readonly type: 'verify.failed';
  readonly receipt: Receipt;
}

export type SignalEvent = ContinueEvent | DoneEvent | BlockedEvent | WaitingEvent | InvalidSignalEvent;
export type AgentEvent = NoSignalEvent | NoProgressEvent | AgentFailedEvent | AgentLimitedEvent;
export type HumanEvent = ApproveEvent | ResumeEvent;
export type VerifyEvent = VerifyPassedEvent | VerifyFailedEvent;
export type WorkflowEvent = SignalEvent | AgentEvent | HumanEvent | VerifyEvent;
export type WorkflowEventType = WorkflowEvent['type'];

/**
 * Emitted by the machine (listen with `actor.on('iteration.ended', …)`) on every transition
 * that ends an iteration: a signal, or a provider outcome that is not retried. The runner
 * writes one history row per emitted event and infers nothing itself.
 */
export interface IterationEndedEvent {
  readonly type: 'iteration.ended';
  /** The phase the iteration ran in. */
  readonly phase: Phase;
  /** Session-wide iteration number (1-based). */
  readonly iteration: number;
  /** Attempts the iteration used. */
  readonly attempt: number;
  /** The event that ended it. */
  readonly event: WorkflowEvent;
}
/** Emitted when samocode's own verification of a `done` ended, passed or not. */
export interface VerificationEndedEvent {
  readonly type: 'verification.ended';
  /** The iteration whose `done` was checked. */
  readonly iteration: number;
  readonly passed: boolean;
  readonly receipt: Receipt;
}

export type WorkflowEmitted = IterationEndedEvent | VerificationEndedEvent;

const SIGNAL_EVENT_TYPES: ReadonlySet<string> = new Set<SignalEvent['type']>([
  'signal.continue',
  'signal.done',
  'signal.blocked',
  'signal.waiting',
  'signal.invalid',
]);

export function isSignalEvent(event: WorkflowEvent): event is SignalEvent {
  return SIGNAL_EVENT_TYPES.has(event.type);
}
