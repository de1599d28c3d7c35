/**
 * The cost and token figures of claude's stream, checked: a figure that cannot be true (negative,
 * not finite, absurd, not a number, missing from the result) is noted and read as unknown. Pure.
 */
import { noteImpossible, readCostFigure, readTokenFigure, type StreamFigures } from '../stream-figures.js';

/** `usage` as claude sends it, before its numbers are checked. */
export interface ReportedUsage {
  readonly input_tokens?: unknown;
  readonly output_tokens?: unknown;
}

/**
 * The result line's cost and tokens over what the messages counted. A figure that cannot be true
 * is noted and read as unknown: the cost stays unreported, the tokens stay the messages' count.
 */
export function foldResultFigures(
  figures: StreamFigures,
  msg: { readonly total_cost_usd?: unknown; readonly usage?: ReportedUsage | null },
): StreamFigures {
  const cost = readCostFigure(msg.total_cost_usd);
  let folded =
    cost === undefined
      ? noteImpossible(figures, 'total_cost_usd', msg.total_cost_usd)
      : { ...figures, costUsd: cost, isCostReported: true };
  const input = msg.usage?.input_tokens;
  const output = msg.usage?.output_tokens;
  if (input !== undefined) {
    const count = readTokenFigure(input);
    folded =
      count === undefined
        ? noteImpossible(folded, 'usage.input_tokens', input)
        : { ...folded, inputTokens: count };
  }
  if (output !== undefined) {
    const count = readTokenFigure(output);
    folded =
      count === undefined
        ? noteImpossible(folded, 'usage.output_tokens', output)
        : { ...folded, outputTokens: count };
  }
  return folded;
}

/** A message's token count, or 0 (noted) when it cannot be true. */
export function addTokens(
  figures: StreamFigures,
  key: 'input_tokens' | 'output_tokens',
  value: number | undefined,
) {
  if (value === undefined) return { figures, count: 0 };
  const count = readTokenFigure(value);
  return count === undefined
    ? { figures: noteImpossible(figures, `usage.${key}`, value), count: 0 }
    : { figures, count };
}
