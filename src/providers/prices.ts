/**
 * What tokens cost, per model: for CLIs that report tokens but no price (codex), for a claude
 * attempt whose reported cost is missing or cannot be true, and for the worst case `samocode plan`
 * bounds. Every figure computed here is an estimate and is marked so. The built-in table can be
 * overridden with `SAMOCODE_PRICES` (a JSON file, or inline JSON):
 * `{"gpt-5-codex": {"inputPerMTok": 1.25, "outputPerMTok": 10}}`.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { SamocodeError } from '../errors.js';

const PriceSchema = z.object({
  inputPerMTok: z.number().min(0),
  outputPerMTok: z.number().min(0),
});
export type Price = z.infer<typeof PriceSchema>;
export const PriceTableSchema = z.record(z.string().min(1), PriceSchema);
export type PriceTable = Readonly<Record<string, Price>>;

/**
 * List prices in USD per million tokens (uncached input), as Anthropic and OpenAI publish them;
 * claude's aliases take the dearest model of their family. A dated name (`claude-haiku-4-5-20251001`)
 * takes the row of its longest prefix; `default` is used for a model no row names.
 */
const DEFAULT_PRICE: Price = { inputPerMTok: 1.25, outputPerMTok: 10 };

export const BUILT_IN_PRICES: PriceTable = {
  default: DEFAULT_PRICE,
  'claude-opus-4': { inputPerMTok: 15, outputPerMTok: 75 },
  'claude-opus-4-1': { inputPerMTok: 15, outputPerMTok: 75 },
  'claude-opus-4-5': { inputPerMTok: 5, outputPerMTok: 25 },
  'claude-opus-4-6': { inputPerMTok: 5, outputPerMTok: 25 },
  'claude-sonnet-4': { inputPerMTok: 3, outputPerMTok: 15 },
  'claude-haiku-4-5': { inputPerMTok: 1, outputPerMTok: 5 },
  'claude-3-5-haiku': { inputPerMTok: 0.8, outputPerMTok: 4 },
  'gpt-5': { inputPerMTok: 1.25, outputPerMTok: 10 },
  'gpt-5-codex': { inputPerMTok: 1.25, outputPerMTok: 10 },
  'gpt-5-mini': { inputPerMTok: 0.25, outputPerMTok: 2 },
  'gpt-5-nano': { inputPerMTok: 0.05, outputPerMTok: 0.4 },
  'codex-mini-latest': { inputPerMTok: 1.5, outputPerMTok: 6 },
  // claude's aliases at the dearest price of their family, so an estimate never weakens a cost cap.
  opus: { inputPerMTok: 15, outputPerMTok: 75 },
  sonnet: { inputPerMTok: 3, outputPerMTok: 15 },
  haiku: { inputPerMTok: 1, outputPerMTok: 5 },
};

/** Which row prices `model`: its own, the longest row its name starts with, or `default`. */
export function priceRowOf(table: PriceTable, model: string): string {
  if (table[model] !== undefined) return model;
  const prefix = Object.keys(table)
    .filter((row) => row !== 'default' && model.startsWith(row))
    .sort((a, b) => b.length - a.length)[0];
  return prefix ?? 'default';
}

/**
 * The price of `model` ('' = the CLI's default model, priced by `default`).
 *
 * @example
 * priceOf(BUILT_IN_PRICES, 'claude-haiku-4-5-20251001') // { inputPerMTok: 1, outputPerMTok: 5 }
 */
export function priceOf(table: PriceTable, model: string): Price {
  return table[priceRowOf(table, model)] ?? table.default ?? DEFAULT_PRICE;
}

const CLAUDE_FAMILIES = ['opus', 'sonnet', 'haiku'] as const;

/**
 * The estimated cost of `input`/`output` tokens on `model` ('' = the CLI's default model).
 *
 * @example
 * estimateCostUsd(BUILT_IN_PRICES, 'gpt-5', 1_000_000, 100_000) // 2.25
 */
export function estimateCostUsd(table: PriceTable, model: string, input: number, output: number): number {
  const price = priceOf(table, model);
  return (input * price.inputPerMTok + output * price.outputPerMTok) / 1_000_000;
}

/**
 * The estimated cost of a claude attempt: the model's own row, else the family its name contains,
 * else opus, the dearest, so an estimate never lets a cost cap pass more than the truth would.
 *
 * @example
 * estimateClaudeCostUsd(BUILT_IN_PRICES, 'claude-sonnet-4-5', 1_000_000, 100_000) // 4.5
 */
export function estimateClaudeCostUsd(
  table: PriceTable,
  model: string,
  input: number,
  output: number,
): number {
  const price = claudePriceOf(table, model);
  return (input * price.inputPerMTok + output * price.outputPerMTok) / 1_000_000;
}

/**
 * The price of a claude model: its own row or its longest prefix's, else the family its name
 * contains, else opus.
 *
 * @example
 * claudePriceOf(BUILT_IN_PRICES, 'claude-sonnet-4-5-20250929') // { inputPerMTok: 3, outputPerMTok: 15 }
 */
export function claudePriceOf(table: PriceTable, model: string): Price {
  const row = priceRowOf(table, model);
  const own = row === 'default' ? undefined : table[row];
  const family = CLAUDE_FAMILIES.find((name) => model.toLowerCase().includes(name)) ?? 'opus';
  return own ?? table[family] ?? BUILT_IN_PRICES[family] ?? DEFAULT_PRICE;
}

/** The built-in table with `SAMOCODE_PRICES` (inline JSON or a JSON file) laid over it. */
export function readPriceTable(source: string | undefined): PriceTable {
  if (source === undefined || source.trim() === '') return BUILT_IN_PRICES;
  const isInline = source.trim().startsWith('{');
  let text = source;
  if (!isInline) {
    try {
      text = readFileSync(source, 'utf8');
    } catch (error) {
      throw new SamocodeError(
        'config.invalid',
        `SAMOCODE_PRICES: cannot read ${source} (${error instanceof Error ? error.message : String(error)}); point it at a JSON price table or unset it`,
        { cause: error },
      );
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SamocodeError(
      'config.invalid',
      `SAMOCODE_PRICES: ${isInline ? 'the value' : source} is not JSON; ${FORMAT}`,
      {
        cause: error,
      },
    );
  }
  const parsed = PriceTableSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new SamocodeError(
      'config.invalid',
      `SAMOCODE_PRICES: ${first ? `${first.path.join('.')}: ${first.message}` : 'bad table'}; ${FORMAT}`,
    );
  }
  return { ...BUILT_IN_PRICES, ...parsed.data };
}

const FORMAT =
  'expected {"<model>": {"inputPerMTok": <usd>, "outputPerMTok": <usd>}, …} (use "default" for any other model)';
