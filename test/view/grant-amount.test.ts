import { describe, expect, it } from 'vitest';
import {
  emptySpendBook,
  NO_GRANT,
  overSpend,
  type SpendBook,
  type SpendCaps,
} from '../../machines/budget.js';
import { grantToContinue, renderGrant } from '../../src/view/grant-amount.js';

const book = (session: Partial<SpendBook['session']>, largest: Partial<SpendBook['largest']>): SpendBook => ({
  ...emptySpendBook(),
  session: { costUsd: 0, tokens: 0, ms: 0, ...session },
  largest: { costUsd: 0, tokens: 0, ms: 0, ...largest },
});

const CASES: readonly [string, SpendCaps, SpendBook, string][] = [
  [
    'a cost cap reached',
    { session: { costUsd: 0.02 }, phases: {} },
    book({ costUsd: 0.019 }, { costUsd: 0.01 }),
    'cost=0.01',
  ],
  [
    'a cost cap passed',
    { session: { costUsd: 1 }, phases: {} },
    book({ costUsd: 1.3 }, { costUsd: 0.25 }),
    'cost=0.55',
  ],
  [
    'a token cap',
    { session: { tokens: 50_000 }, phases: {} },
    book({ tokens: 48_000 }, { tokens: 5_000 }),
    'tokens=3000',
  ],
  [
    'an hours cap',
    { session: { ms: 3_600_000 }, phases: {} },
    book({ ms: 3_564_000 }, { ms: 180_000 }),
    'hours=0.04',
  ],
  [
    'two kinds over at once',
    { session: { costUsd: 0.02, tokens: 1_000 }, phases: {} },
    book({ costUsd: 0.02, tokens: 1_500 }, { costUsd: 0.01, tokens: 500 }),
    'cost=0.01,tokens=1000',
  ],
  [
    'no attempt yet, at the cap',
    { session: { costUsd: 0.5 }, phases: {} },
    book({ costUsd: 0.5 }, {}),
    'cost=0.01',
  ],
];

describe('the grant that lets a spend-blocked session continue', () => {
  it.each(CASES)(
    '%s: --grant %s… lets the next iteration start, one step less does not',
    (_, caps, spent, expected) => {
      const amounts = grantToContinue(caps, NO_GRANT, spent, 'init');
      expect(renderGrant(amounts)).toBe(expected);
      const granted = { ...NO_GRANT, ...amounts };
      expect(overSpend(caps, granted, spent, 'init')).toBeUndefined();
      const step = { costUsd: 0.01, tokens: 1_000, ms: 36_000 } as const;
      for (const kind of Object.keys(amounts) as (keyof typeof step)[]) {
        const less = { ...granted, [kind]: granted[kind] - step[kind] };
        expect(overSpend(caps, less, spent, 'init'), `${kind} one step less`).toBeDefined();
      }
    },
  );

  it('asks for nothing when every cap has room', () => {
    expect(
      grantToContinue(
        { session: { costUsd: 5 }, phases: {} },
        NO_GRANT,
        book({ costUsd: 1 }, { costUsd: 1 }),
        'init',
      ),
    ).toEqual({});
  });
});
