/** The session view's data: what every surface renders. */
import type { SpendKind } from '../../machines/budget.js';
import type { SavedContext } from '../../machines/context.js';
import type { BlockNeed } from '../../machines/phases.js';
import type { RuleId } from '../../machines/rules.js';
import type { Activity, Gate, GateKind } from '../../machines/state-meaning.js';
import type { CostBasis } from '../providers/types.js';
import type { IterationsRun } from '../runner/iteration-count.js';
import type { Attention } from './attention.js';
import type { LastCheck } from './last-check.js';
import type { ModelsView } from './models-view.js';
import type { ViewCommands } from './view-commands.js';
import type { ViewInput } from './view-input.js';

/** What to do now: the plain words, and the exact command (shell-quoted) when there is one. */
export interface NextStep {
  readonly text: string;
  readonly command?: string;
}

/** Why the session is where it is, as data (JSON); the plain words are the view's `headline` and `details`. */
export type StopCause =
  | { readonly kind: 'wait'; readonly gate: Gate; readonly summary?: string }
  | { readonly kind: 'agent-block'; readonly needs: BlockNeed; readonly reason: string }
  | {
      readonly kind: 'iteration-budget';
      readonly phase: string;
      readonly used: number;
      readonly allowed: number;
    }
  | {
      readonly kind: 'spend-budget';
      readonly scope: string;
      readonly spend: SpendKind;
      readonly spent: number;
      readonly cap: number;
      /** The `--grant` value that lets the next iteration start. */
      readonly grant: string;
    }
  | { readonly kind: 'no-progress'; readonly iterations: number }
  | { readonly kind: 'no-signal'; readonly attempts: number }
  | { readonly kind: 'invalid-signal'; readonly problem: string }
  | { readonly kind: 'rejected-signal'; readonly rule: RuleId; readonly problem: string }
  | {
      readonly kind: 'provider';
      readonly outcome: string;
      readonly message: string;
      /** Not worth a retry (auth, billing, …); otherwise every attempt failed. */
      readonly isFatal: boolean;
      readonly attempts: number;
      /** A usage limit failed the session: it resets too late, or came back too often. */
      readonly limit?: 'too-long' | 'in-a-row';
    }
  | {
      readonly kind: 'usage-limit';
      readonly waitMs: number;
      readonly resetsAt?: string;
      readonly message: string;
    }
  | { readonly kind: 'retry'; readonly attempt: number; readonly outcome?: string }
  | { readonly kind: 'interrupted'; readonly activity: Activity }
  | { readonly kind: 'completion'; readonly completion: 'verified' | 'unverified' | 'claimed' }
  | { readonly kind: 'corrupt'; readonly problem: string };

/** The machine's own words, for `--verbose`, JSON and logs (never the plain text). */
export interface MachineFacts {
  /** `planning.awaitingApproval`, `completed`, or `not started`. */
  readonly state: string;
  /** The exit code a run that stops here exits with. */
  readonly exitCode?: number;
  /** The rule a block names (`budget-exhausted`, `agent`, …) and its `needs`. */
  readonly rule?: string;
  readonly needs?: string;
  /** The wait reason (`qa_answers`, …). */
  readonly waitFor?: string;
  /** The provider outcome class of a failure. */
  readonly outcome?: string;
  /** The machine's reason text, as it recorded it. */
  readonly reason?: string;
}

/** One command that answers a gate, with what it does in a word or two (`approve`, `reject (add --reason TEXT)`). */
export interface GateCommand {
  readonly label: string;
  readonly command: string;
}

/** The human gate a session is at: what it asks, since when, and the commands that decide it. */
export interface ViewGate {
  /** `<session folder>/g<seq>-<kind>`: tied to this wait, never reused. */
  readonly id: string;
  readonly kind: GateKind;
  readonly seq: number;
  /** What the gate asks of a person, in plain words. */
  readonly asks: string;
  /** When it opened (ISO), when the machine recorded it. */
  readonly openedAt?: string;
  /** The commands that decide it from another shell (stop included), shell-quoted. */
  readonly commands: readonly GateCommand[];
}

/** The last human decision the history records. */
export interface ViewDecision {
  readonly gateId: string;
  readonly action: string;
  readonly channel: string;
  readonly who: string;
  readonly at: string;
  /** `approved at 12:04 by root via dashboard`. */
  readonly text: string;
}

export interface SessionView {
  /** The dated folder name, which `--session` names exactly. */
  readonly session: string;
  readonly dir: string;
  readonly attention: Attention;
  readonly needsHuman: boolean;
  /** The phase it is in (`done` once complete), or '' before it starts. */
  readonly phase: string;
  /** Where the session is and why, in one line of plain words. */
  readonly headline: string;
  /** More plain lines: the agent's words, a provider's message, a failing check's output. */
  readonly details: readonly string[];
  readonly cause?: StopCause;
  /** The last verification of a `done`, when it failed and the session has not completed since. */
  readonly lastCheck?: LastCheck;
  readonly next?: NextStep;
  readonly iterations: { readonly total: number; readonly perPhase: Readonly<Record<string, number>> };
  readonly spend: {
    readonly costUsd: number;
    readonly costBasis: CostBasis;
    /** The one cost format: `$0.03`, `≈$0.01 (estimated)`, `n/a`. */
    readonly costText: string;
    readonly tokens: { readonly input: number; readonly output: number };
  };
  readonly machine: MachineFacts;
  /** The gate the session is at, when a human decision moves it on. */
  readonly gate?: ViewGate;
  /** The last human decision on one of its gates. */
  readonly lastDecision?: ViewDecision;
  /** The models of each phase, of the iteration now, and the escalations so far (when the settings are known). */
  readonly models?: ModelsView;
}

/** What a handler says about one state: the view's words. */
export interface Said {
  readonly headline: string;
  readonly details?: readonly string[];
  readonly cause?: StopCause;
  readonly next?: NextStep;
}

/** What the handlers of each state read. */
export interface SaidFacts {
  readonly input: ViewInput;
  readonly context: SavedContext;
  readonly commands: ViewCommands;
  readonly check: LastCheck | undefined;
  readonly run: IterationsRun;
}
