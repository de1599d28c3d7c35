/** What a line parser learns that the progress line and the attempt report show. */
export interface StreamFigures {
  /** The CLI's own latest retry of an API request, shown live while it waits. */
  readonly retry?: CliRetry;
  readonly toolCalls: number;
  /** The name of the latest tool call (claude's tool name, codex's item kind), for the heartbeat line. */
  readonly lastTool?: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  /** The CLI reported a cost (claude's result line); absent until it does, and always for codex. */
  readonly isCostReported?: boolean;
  readonly providerSessionId?: string;
  /** How the run is paid for: an API key variable, `subscription` or `login` (see `billing.ts`). */
  readonly billing?: string;
}

export const NO_FIGURES: StreamFigures = { toolCalls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };

/** A parser state that can ask the spawner to stop the CLI before it wastes minutes retrying. */
export interface EarlyStop {
  readonly outcome: 'auth' | 'billing';
  readonly message: string;
}

/** One retry the CLI itself announced (claude `system/api_retry`, codex `Reconnecting... n/m`). */
export interface CliRetry {
  readonly attempt: number;
  /** Undefined when the CLI does not say (codex "waiting for network"). */
  readonly maxRetries?: number;
  readonly delayMs?: number;
  /** Why, in a few words: `cannot reach the API`, `HTTP 529`, `rate_limit`. */
  readonly reason: string;
  /** No HTTP response at all: the API could not be reached. */
  readonly isUnreachable: boolean;
}
