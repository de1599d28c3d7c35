/**
 * Money and time budgets: what a session (and each phase) has spent, the caps it may not pass,
 * and the pure check the machine's guard asks before an iteration starts.
 *
 * @example
 * const caps: SpendCaps = { session: { costUsd: 0.05 }, phases: {} };
 * overSpend(caps, NO_GRANT, spendAdd(emptySpendBook(), 'init', { costUsd: 0.03, tokens: 0, ms: 0 }), 'init');
 * // { scope: 'session', kind: 'costUsd', spent: 0.03, cap: 0.05 }: another $0.03 attempt would pass it
 */
import { PHASES, type Phase } from './phases.js';

/** What one attempt (or a sum of them) used. */
export interface Spend {
  readonly costUsd: number;
  readonly tokens: number;
  /** Provider wall time (sum of attempt durations). */
  readonly ms: number;
}

/** Caps of one scope; an absent key has no cap. */
export interface Caps {
  readonly costUsd?: number;
  readonly tokens?: number;
  readonly ms?: number;
}

export interface SpendCaps {
  readonly session: Caps;
  readonly phases: Readonly<Partial<Record<Phase, Caps>>>;
}

/** Spend per session and per phase, kept in the machine context so it survives restarts. */
export interface SpendBook {
  readonly session: Spend;
  readonly phases: Readonly<Record<Phase, Spend>>;
  /** The most one attempt has used, per kind: the guess for what the next one will use. */
  readonly largest: Spend;
  /** Some cost was computed from a price table, not reported by the CLI. */
  readonly isEstimated: boolean;
}

/** What one attempt reports to the machine with its outcome event. */
export interface Usage extends Spend {
  readonly isEstimated?: boolean;
}

export const SPEND_KINDS = ['costUsd', 'tokens', 'ms'] as const;
export type SpendKind = (typeof SPEND_KINDS)[number];

export const NO_SPEND: Spend = { costUsd: 0, tokens: 0, ms: 0 };
/** Extra room a human granted (`run --grant`), added to every cap of its kind. */
export const NO_GRANT: Spend = NO_SPEND;

export const NO_CAPS: SpendCaps = { session: {}, phases: {} };

export function emptySpendBook(): SpendBook {
  return {
    session: NO_SPEND,
    phases: Object.fromEntries(PHASES.map((phase) => [phase, NO_SPEND])) as Record<Phase, Spend>,
    largest: NO_SPEND,
    isEstimated: false,
  };
}

export function addSpend(a: Spend, b: Spend): Spend {
  return { costUsd: a.costUsd + b.costUsd, tokens: a.tokens + b.tokens, ms: a.ms + b.ms };
}

/** A usage figure the book can add: finite and above 0; anything else (a broken report) adds nothing. */
const spendable = (value: number): number => (Number.isFinite(value) && value > 0 ? value : 0);

/** The book after one attempt of `phase` used `usage`. */
export function spendAdd(book: SpendBook, phase: Phase, reported: Usage): SpendBook {
  const usage = {
    costUsd: spendable(reported.costUsd),
    tokens: spendable(reported.tokens),
    ms: spendable(reported.ms),
    isEstimated: reported.isEstimated,
  };
  return {
    session: addSpend(book.session, usage),
    phases: { ...book.phases, [phase]: addSpend(book.phases[phase], usage) },
    largest: {
      costUsd: Math.max(book.largest.costUsd, usage.costUsd),
      tokens: Math.max(book.largest.tokens, usage.tokens),
      ms: Math.max(book.largest.ms, usage.ms),
    },
    isEstimated: book.isEstimated || usage.isEstimated === true,
  };
}

export interface Overspend {
  readonly scope: 'session' | Phase;
  readonly kind: SpendKind;
  readonly spent: number;
  readonly cap: number;
}

/**
 * The first cap (session first, then `phase`'s) that the next attempt would pass: the spend has
 * reached it, or the spend plus the largest attempt so far goes over it. Undefined when all have room.
 */
export function overSpend(
  caps: SpendCaps,
  grant: Spend,
  book: SpendBook,
  phase: Phase,
): Overspend | undefined {
  const scopes: [Overspend['scope'], Caps | undefined, Spend][] = [
    ['session', caps.session, book.session],
    [phase, caps.phases[phase], book.phases[phase]],
  ];
  for (const [scope, scopeCaps, spent] of scopes) {
    for (const kind of SPEND_KINDS) {
      const cap = scopeCaps?.[kind];
      if (cap === undefined) continue;
      const limit = cap + grant[kind];
      if (spent[kind] >= limit || spent[kind] + book.largest[kind] > limit)
        return { scope, kind, spent: spent[kind], cap: limit };
    }
  }
  return undefined;
}

/**
 * Dollars as samocode prints them everywhere: cents, and `<$0.01` for a cost too small to show.
 *
 * @example
 * renderUsd(0.0336) // '$0.03'
 * renderUsd(0.003) // '<$0.01'
 */
export function renderUsd(value: number): string {
  return value > 0 && value < 0.005 ? '<$0.01' : `$${value.toFixed(2)}`;
}

/**
 * Dollars of a budget: cents, and below a cent the digits that tell a spend from its cap
 * (`$0.0025`), down to a millionth.
 */
function renderBudgetUsd(value: number): string {
  if (value <= 0 || value >= 0.01) return renderUsd(value);
  if (value < 0.000001) return '<$0.000001';
  return `$${Number(value.toPrecision(3)).toFixed(6).replace(/0+$/, '')}`;
}

/**
 * A wait or a wall time in the unit its size reads best in.
 *
 * @example
 * renderDuration(5_000) // '5 s'
 * renderDuration(600_000) // '10 min'
 * renderDuration(21_600_000) // '6.0 h'
 */
export function renderDuration(ms: number): string {
  if (ms < 90_000) return `${Number((ms / 1000).toFixed(3))} s`;
  if (ms < 90 * 60_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** A spend or cap in the unit people read: dollars, tokens, hours. */
export function renderAmount(kind: SpendKind, value: number): string {
  switch (kind) {
    case 'costUsd':
      return renderBudgetUsd(value);
    case 'tokens':
      return `${Math.round(value)} tokens`;
    case 'ms':
      return `${(value / 3_600_000).toFixed(2)} h`;
  }
}

/** The `--grant` key that tops a kind up. */
export const GRANT_KEY: Readonly<Record<SpendKind, string>> = {
  costUsd: 'cost',
  tokens: 'tokens',
  ms: 'hours',
};
