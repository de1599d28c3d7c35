/** What a line parser learns that the progress line and the attempt report show. */
export interface StreamFigures {
  readonly toolCalls: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
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
