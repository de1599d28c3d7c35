/**
 * Every event the session machine understands: signals parsed from `_signal.json`,
 * attempt outcomes sent by the provider actor, and human events.
 */
import type { Spend, Usage } from './budget.js';
import type { Escalation } from './escalation.js';
import type { BlockNeed, Phase, WaitReason } from './phases.js';
import type { Receipt } from './receipt.js';

/** What the provider actor attaches to the one event of an attempt. */
export interface AttemptFacts {
  /** What the attempt used: cost, tokens, provider time. */
  readonly usage?: Usage;
  /**
   * What the attempt left behind: a hash of the worktree (HEAD and `git status`), the session
   * folder's work files and the signal. The machine's no-progress guard compares it, with the
   * phase, to the previous iterations'. Absent when the detector is off or outside git.
   */
  readonly progressMark?: string;
  /** When the attempt ended (epoch ms): the time the machine's fallback rules read. */
  readonly at?: number;
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
  /** When the limit was hit (epoch ms): the fallback and the suspension are timed from it. */
  readonly at: number;
  readonly waitMs: number;
  readonly resetsAt?: string;
  readonly message: string;
}
/**
 * Who decided a gate, how, on which channel and when: carried by the human event that applies a
 * recorded decision, so its history row names it. The machine never reads it.
 */
export interface DecisionFacts {
  /** `<session folder>/g<seq>-<kind>`. */
  readonly gateId: string;
  /** `approve`, `reject`, `answer` or `grant`. */
  readonly action: string;
  /** `cli`, `dashboard` or `telegram`. */
  readonly channel: string;
  readonly who: string;
  /** When it was decided (ISO). */
  readonly at: string;
}
/** When a human event was sent (epoch ms; the fallback rules read it), and the decision it applies. */
interface HumanFacts {
  readonly at?: number;
  readonly decision?: DecisionFacts;
}
export interface ApproveEvent extends HumanFacts {
  readonly type: 'approve';
}
export interface ResumeEvent extends HumanFacts {
  readonly type: 'resume';
  /** A human's top-up of the spend budgets (`run --grant`). */
  readonly grant?: Spend;
  /** At the plan-approval gate: the plan is rejected, for this reason; the phase runs again with it. */
  readonly rejection?: string;
}
/** The verify command passed in the worktree; the receipt says on which commit and in what state. */
export interface VerifyPassedEvent {
  readonly type: 'verify.passed';
  readonly at?: number;
  readonly receipt: Receipt;
}
/** The verify command failed, timed out or could not start; the receipt carries the output's tail. */
export interface VerifyFailedEvent {
  readonly type: 'verify.failed';
  readonly at?: number;
  readonly receipt: Receipt;
}

export type SignalEvent = ContinueEvent | DoneEvent | BlockedEvent | WaitingEvent | InvalidSignalEvent;
export type AgentEvent = NoSignalEvent | AgentFailedEvent | AgentLimitedEvent;
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
  /** The iteration ran on the escalation model, and why. */
  readonly escalation?: Escalation;
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
