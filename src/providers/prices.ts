/**
 * What tokens cost, for CLIs that report tokens but no price (codex), and for a claude attempt whose
 * reported cost is missing or cannot be true. Every figure computed here is an estimate and is marked so. The built-in table can be overridden with `SAMOCODE_PRICES`
 * (a JSON file, or inline JSON): `{"gpt-5-codex": {"inputPerMTok": 1.25, "outputPerMTok": 10}}`.
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

/** List prices in USD per million tokens; `default` is used for a model the table does not name. */
export const BUILT_IN_PRICES: PriceTable = {
  default: { inputPerMTok: 1.25, outputPerMTok: 10 },
  'gpt-5': { inputPerMTok: 1.25, outputPerMTok: 10 },
  'gpt-5-codex': { inputPerMTok: 1.25, outputPerMTok: 10 },
  'gpt-5-mini': { inputPerMTok: 0.25, outputPerMTok: 2 },
  'gpt-5-nano': { inputPerMTok: 0.05, outputPerMTok: 0.4 },
  'codex-mini-latest': { inputPerMTok: 1.5, outputPerMTok: 6 },
  // claude's families, matched by name when the table has no row for the exact model.
  opus: { inputPerMTok: 15, outputPerMTok: 75 },
  sonnet: { inputPerMTok: 3, outputPerMTok: 15 },
  haiku: { inputPerMTok: 1, outputPerMTok: 5 },
};

const CLAUDE_FAMILIES = ['opus', 'sonnet', 'haiku'] as const;

/**
 * The estimated cost of `input`/`output` tokens on `model` ('' = the CLI's default model).
 *
 * @example
 * estimateCostUsd(BUILT_IN_PRICES, 'gpt-5', 1_000_000, 100_000) // 2.25
 */
export function estimateCostUsd(table: PriceTable, model: string, input: number, output: number): number {
  const price = table[model] ?? table.default ?? BUILT_IN_PRICES.default;
  if (price === undefined) return 0;
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
  const family = CLAUDE_FAMILIES.find((name) => model.toLowerCase().includes(name)) ?? 'opus';
  const price = table[model] ?? table[family] ?? BUILT_IN_PRICES[family];
  if (price === undefined) return 0;
  return (input * price.inputPerMTok + output * price.outputPerMTok) / 1_000_000;
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
