/** Every cost samocode prints, in one format (the console, `status`, `ls`, `plan`, the overview). Pure. */
import { renderUsd } from '../../machines/budget.js';
import type { CostBasis } from '../providers/types.js';

/**
 * One format for every cost samocode prints: `$0.03` as reported, `≈$0.01 (estimated)` from the
 * price table, `n/a` when the provider reported none.
 */
export function formatCost(usd: number, basis: CostBasis = 'reported'): string {
  if (basis === 'none') return 'n/a';
  return basis === 'estimated' ? `≈${renderUsd(usd)} (estimated)` : renderUsd(usd);
}

/** The basis of a sum: estimated if any part is, none if every part had none, else reported. */
export function sumCostBasis(bases: readonly CostBasis[]): CostBasis {
  if (bases.includes('estimated')) return 'estimated';
  return bases.length > 0 && bases.every((basis) => basis === 'none') ? 'none' : 'reported';
}

/**
 * The basis of the history rows' total (older rows carry neither flag: reported). A human
 * decision's row costs nothing and has no basis of its own.
 */
export function costBasisOfRows(
  rows: readonly {
    readonly costEstimated?: boolean | undefined;
    readonly costUnreported?: boolean | undefined;
    readonly decision?: unknown;
  }[],
): CostBasis {
  return sumCostBasis(
    rows
      .filter((row) => row.decision === undefined)
      .map((row) => (row.costEstimated ? 'estimated' : row.costUnreported ? 'none' : 'reported')),
  );
}
