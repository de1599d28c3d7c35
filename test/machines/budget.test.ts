import { describe, expect, it } from 'vitest';
import {
  emptySpendBook,
  NO_GRANT,
  overSpend,
  renderAmount,
  renderDuration,
  renderUsd,
  type SpendCaps,
  spendAdd,
} from '../../machines/budget.js';

const usage = (costUsd: number, tokens = 0, ms = 0) => ({ costUsd, tokens, ms });

describe('overSpend', () => {
  const caps: SpendCaps = { session: { costUsd: 0.05 }, phases: { testing: { tokens: 1000 } } };

  it('has room while the spend plus the largest attempt so far stays within every cap', () => {
    const book = spendAdd(spendAdd(emptySpendBook(), 'init', usage(0.02)), 'init', usage(0.01));
    expect(book.session.costUsd).toBeCloseTo(0.03);
    expect(book.largest.costUsd).toBe(0.02);
    expect(overSpend(caps, NO_GRANT, book, 'init')).toBeUndefined();
  });

  it('names the session cap the next attempt would pass, with the spend and the cap', () => {
    const book = spendAdd(spendAdd(emptySpendBook(), 'init', usage(0.02)), 'init', usage(0.02));
    expect(overSpend(caps, NO_GRANT, book, 'init')).toEqual({
      scope: 'session',
      kind: 'costUsd',
      spent: 0.04,
      cap: 0.05,
    });
  });

  it('blocks once a cap is reached even when attempts cost nothing', () => {
    const book = spendAdd(emptySpendBook(), 'testing', usage(0, 1000));
    expect(overSpend(caps, NO_GRANT, book, 'testing')).toMatchObject({ scope: 'testing', kind: 'tokens' });
    expect(overSpend(caps, NO_GRANT, book, 'quality')).toBeUndefined();
  });

  it('a cap of nothing is reached before the first attempt', () => {
    const caps: SpendCaps = { session: { tokens: 0 }, phases: {} };
    expect(overSpend(caps, NO_GRANT, emptySpendBook(), 'init')).toEqual({
      scope: 'session',
      kind: 'tokens',
      spent: 0,
      cap: 0,
    });
  });

  it('has room when the spend plus the largest attempt lands exactly on the cap', () => {
    const book = spendAdd(emptySpendBook(), 'init', usage(0.025));
    expect(overSpend(caps, NO_GRANT, book, 'init')).toBeUndefined();
  });

  it('adds every kind and keeps the largest attempt of each kind apart', () => {
    const book = spendAdd(
      spendAdd(emptySpendBook(), 'init', usage(1, 50, 700)),
      'testing',
      usage(2, 30, 900),
    );
    expect(book.session).toEqual({ costUsd: 3, tokens: 80, ms: 1600 });
    expect(book.phases.init).toEqual({ costUsd: 1, tokens: 50, ms: 700 });
    expect(book.largest).toEqual({ costUsd: 2, tokens: 50, ms: 900 });
    expect(book.isEstimated).toBe(false);
  });

  it('adds a grant to every cap of its kind', () => {
    const book = spendAdd(spendAdd(emptySpendBook(), 'init', usage(0.02)), 'init', usage(0.02));
    expect(overSpend(caps, { ...NO_GRANT, costUsd: 5 }, book, 'init')).toBeUndefined();
  });

  it('marks the book estimated once any attempt was', () => {
    const book = spendAdd(
      spendAdd(emptySpendBook(), 'init', { ...usage(1), isEstimated: true }),
      'init',
      usage(1),
    );
    expect(book.isEstimated).toBe(true);
  });

  it('renders amounts in dollars, tokens and hours', () => {
    expect([
      renderAmount('costUsd', 0.05),
      renderAmount('tokens', 12.4),
      renderAmount('ms', 5_400_000),
    ]).toEqual(['$0.05', '12 tokens', '1.50 h']);
  });

  it('prints dollars in cents everywhere, and a cost too small to show as under a cent', () => {
    expect([0, 0.003, 0.0049, 0.005, 0.0336, 12.345].map(renderUsd)).toEqual([
      '$0.00',
      '<$0.01',
      '<$0.01',
      '$0.01',
      '$0.03',
      '$12.35',
    ]);
  });

  it('renders a budget amount below a cent with the digits that tell a spend from its cap', () => {
    expect([0.0025, 0.0024, 0.003, 0.00001234, 0.0000001].map((usd) => renderAmount('costUsd', usd))).toEqual(
      ['$0.0025', '$0.0024', '$0.003', '$0.000012', '<$0.000001'],
    );
    expect(renderAmount('costUsd', 0)).toBe('$0.00');
    expect(renderAmount('costUsd', 0.0336)).toBe('$0.03');
  });

  it('renders a duration in the unit its size reads best in', () => {
    expect([5_000, 59_000, 600_000, 5_400_000, 21_600_000, 238_790_000].map(renderDuration)).toEqual([
      '5 s',
      '59 s',
      '10 min',
      '1.5 h',
      '6.0 h',
      '66.3 h',
    ]);
  });

  it('adds nothing for a usage figure that cannot be true (negative, not finite)', () => {
    const book = spendAdd(emptySpendBook(), 'init', usage(0.02, 10, 5));
    const after = [-5, Number.NaN, Number.POSITIVE_INFINITY].reduce(
      (current, bad) => spendAdd(current, 'init', { costUsd: bad, tokens: bad, ms: bad }),
      book,
    );
    expect(after.session).toEqual({ costUsd: 0.02, tokens: 10, ms: 5 });
    expect(after.phases.init).toEqual({ costUsd: 0.02, tokens: 10, ms: 5 });
    expect(after.largest).toEqual({ costUsd: 0.02, tokens: 10, ms: 5 });
  });
});
