/** What `status` says about who runs the attempts and what the session spent against its caps. Pure. */
import {
  type Caps,
  NO_GRANT,
  SPEND_KINDS,
  type Spend,
  type SpendCaps,
  type SpendKind,
} from '../../../machines/budget.js';
import type { SavedContext } from '../../../machines/context.js';
import { roleAt } from '../../../machines/fallback.js';
import { PHASES } from '../../../machines/phases.js';
import type { ProviderNames } from '../../runner/provider-switch.js';
import type { HistoryRow } from '../../session/history.js';

export interface ProviderStatus {
  readonly primary: string;
  readonly fallback?: string;
  /** The provider the next attempt runs on. */
  readonly current: string;
  /** While attempts run on the fallback: when the primary's usage limit resets (ISO time). */
  readonly primaryLimitedUntil?: string;
}

/** The fallback runs while the primary's limit lasts; a session restored without a fallback runs the primary. */
export function providerStatus(names: ProviderNames, context: SavedContext, now: Date): ProviderStatus {
  const role = roleAt(context, names.fallback !== undefined, now.getTime());
  const until = context.fallbackUntil;
  return {
    primary: names.primary,
    ...(names.fallback ? { fallback: names.fallback } : {}),
    current: role === 'fallback' && names.fallback ? names.fallback : names.primary,
    ...(role === 'fallback' && until !== undefined
      ? { primaryLimitedUntil: new Date(until).toISOString() }
      : {}),
  };
}

/** One budget line: what a scope has spent of one kind, against its cap (grants included). */
export interface BudgetLine {
  readonly scope: string;
  readonly kind: SpendKind;
  readonly spent: number;
  readonly cap: number;
}

export function budgetLines(
  caps: SpendCaps,
  context: SavedContext,
  rows: readonly HistoryRow[],
): BudgetLine[] {
  const fromRows = {
    costUsd: rows.reduce((sum, row) => sum + row.costUsd, 0),
    tokens: rows.reduce((sum, row) => sum + row.tokens.input + row.tokens.output, 0),
    ms: rows.reduce((sum, row) => sum + row.durationMs, 0),
  };
  const grant = context.granted ?? NO_GRANT;
  const lines: BudgetLine[] = [];
  // An older session without a spend book: the session spent what its history rows say.
  const scopes: [string, Caps | undefined, Spend | undefined][] = [
    ['session', caps.session, context.spend?.session ?? fromRows],
    ...PHASES.map((phase): [string, Caps | undefined, Spend | undefined] => [
      phase,
      caps.phases[phase],
      context.spend?.phases[phase],
    ]),
  ];
  for (const [scope, scopeCaps, spend] of scopes) {
    for (const kind of SPEND_KINDS) {
      const cap = scopeCaps?.[kind];
      if (cap === undefined) continue;
      lines.push({ scope, kind, spent: spend?.[kind] ?? 0, cap: cap + grant[kind] });
    }
  }
  return lines;
}

/** `codex, the fallback, until claude's usage limit resets at 2026-11-24T17:05:00.000Z` or `claude (fallback: codex)`. */
export function renderProviders(providers: ProviderStatus): string {
  if (providers.primaryLimitedUntil !== undefined)
    return `${providers.current}, the fallback, until ${providers.primary}'s usage limit resets at ${providers.primaryLimitedUntil}`;
  return providers.fallback === undefined
    ? providers.primary
    : `${providers.primary} (fallback: ${providers.fallback})`;
}
