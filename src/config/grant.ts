/** `run --grant cost=5,tokens=200000,hours=1`: a human's top-up of the session's budgets. Pure. */
import { GRANT_KEY, NO_GRANT, SPEND_KINDS, type Spend, type SpendKind } from '../../machines/budget.js';
import { SamocodeError } from '../errors.js';

const USAGE =
  'use --grant cost=<usd>,tokens=<n>,hours=<h> (any of the three, each at most once, e.g. --grant cost=5)';

/** The largest top-up one `--grant` may give per kind, in the unit the user types. */
export const GRANT_MAX: Readonly<Record<SpendKind, number>> = {
  costUsd: 100_000,
  tokens: 1_000_000_000_000,
  ms: 8_760,
};

/** Plain decimals only: no exponent, hex, sign, `Infinity` or digit separators. */
const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)$/;
const WHOLE = /^\d+$/;

function refuse(part: string, why: string): never {
  throw new SamocodeError('config.invalid', `--grant: cannot read "${part.slice(0, 80)}" (${why}); ${USAGE}`);
}

/** The amount of one `key=value` part in the user's unit, or a refusal naming the part. */
function readAmount(part: string, kind: SpendKind, value: string): number {
  const isWhole = kind === 'tokens';
  if (!(isWhole ? WHOLE : DECIMAL).test(value))
    refuse(
      part,
      isWhole ? 'tokens are a whole number' : 'the amount is a plain decimal number, e.g. 5 or 0.5',
    );
  const amount = Number(value);
  if (!(amount > 0)) refuse(part, 'the amount must be above 0');
  const max = GRANT_MAX[kind];
  if (amount > max) refuse(part, `${GRANT_KEY[kind]} is at most ${max} per grant`);
  return amount;
}

/**
 * Parses the `--grant` value into amounts per kind; throws `config.invalid` naming the bad part.
 *
 * @example
 * parseGrant('cost=5,hours=0.5') // { costUsd: 5, tokens: 0, ms: 1_800_000 }
 */
export function parseGrant(text: string): Spend {
  const grant: Record<SpendKind, number> = { ...NO_GRANT };
  const seen = new Set<SpendKind>();
  for (const part of text.split(',').map((piece) => piece.trim())) {
    const pieces = part.split('=').map((piece) => piece.trim());
    const [key = '', value = ''] = pieces;
    const kind = SPEND_KINDS.find((candidate) => GRANT_KEY[candidate] === key.toLowerCase());
    if (kind === undefined) refuse(part, `unknown kind "${key.slice(0, 20)}"`);
    if (pieces.length !== 2 || value === '') refuse(part, 'expected one kind=amount');
    if (seen.has(kind)) refuse(part, `${GRANT_KEY[kind]} is given more than once`);
    seen.add(kind);
    const amount = readAmount(part, kind, value);
    grant[kind] = kind === 'ms' ? Math.round(amount * 3_600_000) : amount;
  }
  return grant;
}
