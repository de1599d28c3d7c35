/**
 * The `--grant` that lets a spend-blocked session run its next iteration: for the kind the machine
 * stopped on (and any other kind that would stop it next), the smallest round amount that gives
 * every cap of that kind room for the largest attempt so far. Pure.
 *
 * @example
 * // $0.02 spent of a $0.02 cap, the largest attempt $0.01:
 * grantToContinue(caps, NO_GRANT, book, 'init') // { costUsd: 0.01 }, printed as `cost=0.01`
 */
import {
  GRANT_KEY,
  overSpend,
  SPEND_KINDS,
  type Spend,
  type SpendBook,
  type SpendCaps,
  type SpendKind,
} from '../../machines/budget.js';
import type { Phase } from '../../machines/phases.js';

/** The step each amount is rounded up to: a cent, a thousand tokens, a hundredth of an hour. */
const STEP: Readonly<Record<SpendKind, number>> = { costUsd: 0.01, tokens: 1_000, ms: 36_000 };

/** How many steps `value` needs, rounded up (tolerant of float noise like 0.30000000000000004). */
const stepsFor = (value: number, step: number): number => Math.max(1, Math.ceil(value / step - 1e-9));

/** The extra amount per kind that gives the next attempt room; empty when nothing is over. */
export function grantToContinue(
  caps: SpendCaps,
  granted: Spend,
  book: SpendBook,
  phase: Phase,
): Partial<Record<SpendKind, number>> {
  const extra: Record<SpendKind, number> = { costUsd: 0, tokens: 0, ms: 0 };
  const withExtra = (): Spend => ({
    costUsd: granted.costUsd + extra.costUsd,
    tokens: granted.tokens + extra.tokens,
    ms: granted.ms + extra.ms,
  });
  // Each round fixes the first cap still passed; one cap per scope and kind bounds the rounds.
  for (let round = 0; round < 2 * SPEND_KINDS.length; round += 1) {
    const over = overSpend(caps, withExtra(), book, phase);
    if (over === undefined) break;
    const step = STEP[over.kind];
    // Room for the largest attempt, and never a limit the spend already reaches.
    const missing = Math.max(
      over.spent + book.largest[over.kind] - over.cap,
      over.spent - over.cap + step / 2,
    );
    extra[over.kind] += stepsFor(missing, step) * step;
  }
  const result: Partial<Record<SpendKind, number>> = {};
  for (const kind of SPEND_KINDS) if (extra[kind] > 0) result[kind] = extra[kind];
  return result;
}

/** `cost=0.01,tokens=2000,hours=0.01`: the value of `--grant`. */
export function renderGrant(amounts: Partial<Record<SpendKind, number>>): string {
  return SPEND_KINDS.flatMap((kind) => {
    const amount = amounts[kind];
    if (amount === undefined) return [];
    const value =
      kind === 'costUsd'
        ? amount.toFixed(2)
        : kind === 'ms'
          ? (amount / 3_600_000).toFixed(2)
          : String(Math.round(amount));
    return [`${GRANT_KEY[kind]}=${value}`];
  }).join(',');
}
