/**
 * The provider seam: what the runner hands the provider actor, and what the actor reports back
 * besides the one machine event it sends.
 */
import type { ModelRouting } from './model-routing.js';
import type { PriceTable } from './prices.js';
import type { CliRetry, ImpossibleFigure } from './stream-figures.js';

export const PROVIDER_NAMES = ['claude', 'codex'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** How to run the CLI; resolved once per run from configuration. */
export interface ProviderSettings extends ModelRouting {
  readonly name: ProviderName;
  /** Absolute path of the CLI (already looked up on PATH). */
  readonly cliPath: string;
  /** Empty = the CLI's default (codex); claude always gets `--model`. An attempt runs on `modelFor(…)`. */
  readonly model: string;
  /** claude only. */
  readonly maxTurns: number;
  readonly timeoutMs: number;
  /** SIGTERM → SIGKILL grace period when killing the process group. */
  readonly killGraceMs: number;
  /** Environment for the child (already merged with process.env by the caller). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** No stdout line for this long: kill the attempt and retry it as a stalled stream; 0 or absent = off. */
  readonly stallMs?: number;
  /**
   * The no-progress rule is on (its limit is the machine's setting): read the progress mark after
   * each attempt with a signal (one `git status` and a scan of the session folder); 0 or absent = off.
   */
  readonly noProgressIterations?: number;
  /** Prices for CLIs that report tokens only (codex); absent = the built-in table. */
  readonly prices?: PriceTable;
}

/** Where a session's iteration runs; constant for a run. */
export interface SessionPlace {
  readonly sessionName: string;
  readonly sessionDir: string;
  /** The process cwd: the session worktree, or the main repo when it is not a git repo. */
  readonly workDir: string;
  readonly mainRepo: string;
  readonly worktreePath: string;
  readonly branch: string;
  /** Given only to the session's first iteration. */
  readonly dive?: string;
  readonly task?: string;
}

/** Which CLI an attempt ran on. */
export interface RanOn {
  readonly provider: ProviderName;
  readonly model: string;
  /** The attempt ran on the fallback provider while the primary's usage limit lasts. */
  readonly isFallback?: boolean;
  /** The attempt ran on the escalation model (the machine's choice). */
  readonly isEscalated?: boolean;
}
/** Where a cost comes from: the CLI `reported` it, samocode `estimated` it from the price table, or there is `none`. */
export type CostBasis = 'reported' | 'estimated' | 'none';

/** Live figures from the provider's stream, for the progress line. */
export interface Progress extends RanOn {
  readonly phase: string;
  readonly iteration: number;
  readonly attempt: number;
  readonly startedAt: number;
  readonly toolCalls: number;
  /** The latest tool call's name (claude's tool, codex's item kind). */
  readonly lastTool?: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  readonly costBasis: CostBasis;
  readonly providerSessionId?: string;
  /** Set while the CLI waits to retry an API request of its own. */
  readonly retry?: CliRetry;
}

/** Outcome classes of one attempt (providers.md §7). */
export type OutcomeKind =
  | 'success'
  | 'no_signal'
  | 'usage_limit'
  | 'rate_limited'
  | 'overloaded'
  | 'server_error'
  | 'network'
  | 'auth'
  | 'billing'
  | 'unknown_model'
  | 'bad_invocation'
  /** The CLI's file is gone or cannot be run (ENOENT, EACCES at start). */
  | 'cli_missing'
  /** The working folder is gone: the session blocks until a human restores it. */
  | 'workdir_missing'
  | 'permission'
  | 'max_turns'
  | 'interrupted'
  | 'crash'
  | 'timeout'
  | 'stalled'
  | 'cancelled';

/** One finished attempt, for history rows, logs and the summary. */
export interface AttemptReport extends RanOn {
  readonly phase: string;
  readonly iteration: number;
  readonly attempt: number;
  readonly outcome: OutcomeKind;
  readonly message: string;
  readonly durationMs: number;
  readonly exitCode: number | null;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  /** Reported by the CLI, estimated from the price table (codex), or none (the CLI ended before reporting one). */
  readonly costBasis: CostBasis;
  /** How the attempt was paid for: an API key variable, `subscription` or `login`. */
  readonly billing?: string;
  /** What the attempt left behind (worktree, session folder's work files, signal), for the no-progress rule. */
  readonly progressMark?: string;
  /** Figures the CLI sent that cannot be true, read as unknown (the runner warns once per field). */
  readonly impossible?: readonly ImpossibleFigure[];
  readonly providerSessionId?: string;
  readonly logFile: string;
  readonly stderrFile: string;
  /** The raw `_signal.json` contents read after the run, if any. */
  readonly rawSignal?: string;
  /** The provider's log could not be written (e.g. ENOSPC); the attempt was stopped. */
  readonly logWriteError?: LogWriteError;
}

export interface LogWriteError {
  readonly code: string;
  readonly message: string;
}

/** Side channels of the actor; the machine only ever sees the one event. */
export interface ProviderObserver {
  /** An attempt starts (its process is about to spawn); `onAttemptEnd` follows once it is reaped. */
  onAttemptStart?(): void;
  onProgress?(progress: Progress): void;
  onAttemptEnd?(report: AttemptReport): void;
}
