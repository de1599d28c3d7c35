/** `run --grant cost=5,tokens=200000,hours=1`: a human's top-up of the session's budgets. Pure. */
import { GRANT_KEY, NO_GRANT, SPEND_KINDS, type Spend, type SpendKind } from '../../machines/budget.js';
import { SamocodeError } from '../errors.js';

const USAGE = 'use --grant cost=<usd>,tokens=<n>,hours=<h> (any of the three, e.g. --grant cost=5)';

/**
 * Parses the `--grant` value into amounts per kind; throws `config.invalid` naming the bad part.
 *
 * @example
 * parseGrant('cost=5,hours=0.5') // { costUsd: 5, tokens: 0, ms: 1_800_000 }
 */
export function parseGrant(text: string): Spend {
  const grant: Record<SpendKind, number> = { ...NO_GRANT };
  const parts = text.split(',').map((part) => part.trim());
  for (const part of parts) {
    const [key = '', value = ''] = part.split('=', 2).map((piece) => piece.trim());
    const kind = SPEND_KINDS.find((candidate) => GRANT_KEY[candidate] === key.toLowerCase());
    const amount = Number(value);
    if (kind === undefined || value === '' || !Number.isFinite(amount) || amount <= 0) {
      throw new SamocodeError('config.invalid', `--grant: cannot read "${part.slice(0, 80)}"; ${USAGE}`);
    }
    grant[kind] += kind === 'ms' ? Math.round(amount * 3_600_000) : amount;
  }
  return grant;
}
