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
  /** Numbers the CLI sent that cannot be true, read as unknown: the first of each field. */
  readonly impossible?: readonly ImpossibleFigure[];
}

/** A figure the CLI reported that cannot be true: negative, not finite, absurdly large, not a number. */
export interface ImpossibleFigure {
  /** The field as the CLI names it, e.g. `total_cost_usd`, `usage.input_tokens`. */
  readonly field: string;
  /** What it sent, as JSON (`-5`, `"0.5"`, `1e+308`), or `missing`. */
  readonly value: string;
}

/** More than any one attempt can cost; a larger figure is a broken report, not a bill. */
export const MAX_ATTEMPT_COST_USD = 10_000;
/** More tokens than any one attempt can use. */
export const MAX_ATTEMPT_TOKENS = 10_000_000_000;

/**
 * A reported cost in dollars, or undefined when it cannot be true.
 *
 * @example
 * readCostFigure(0.25) // 0.25
 * readCostFigure(-5) // undefined
 */
export function readCostFigure(value: unknown): number | undefined {
  return typeof value === 'number' && value >= 0 && value <= MAX_ATTEMPT_COST_USD ? value : undefined;
}

/**
 * A reported token count, or undefined when it cannot be true (not a whole number ≥ 0, or absurd).
 *
 * @example
 * readTokenFigure(1200) // 1200
 * readTokenFigure(1e308) // undefined
 */
export function readTokenFigure(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_ATTEMPT_TOKENS
    ? value
    : undefined;
}

/** How a figure that cannot be true is shown: its JSON, or `missing`. */
export function renderFigure(value: unknown): string {
  return value === undefined ? 'missing' : (JSON.stringify(value) ?? String(value)).slice(0, 40);
}

/** The figures with one more impossible field noted (only its first value is kept). */
export function noteImpossible(figures: StreamFigures, field: string, value: unknown): StreamFigures {
  const known = figures.impossible ?? [];
  if (known.some((figure) => figure.field === field)) return figures;
  return { ...figures, impossible: [...known, { field, value: renderFigure(value) }] };
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

/**
 * The warning a run prints once per field: what was sent and how samocode counts it instead.
 *
 * @example
 * describeImpossibleFigure('claude', { field: 'total_cost_usd', value: '-5' })
 * // 'claude reported total_cost_usd -5, which cannot be true; samocode reads it as unknown and counts …'
 */
export function describeImpossibleFigure(provider: string, figure: ImpossibleFigure): string {
  const sent =
    figure.value === 'missing'
      ? `${provider} reported no ${figure.field}`
      : `${provider} reported ${figure.field} ${figure.value}, which cannot be true`;
  const instead =
    figure.field === 'total_cost_usd'
      ? 'samocode reads the cost as unknown and counts an estimate from the tokens and the price table (SAMOCODE_PRICES) against the cost cap'
      : 'samocode reads it as unknown and counts no tokens for it';
  return `${sent}; ${instead}`;
}
