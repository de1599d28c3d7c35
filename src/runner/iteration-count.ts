/**
 * How many iterations a session has run, the one meaning every display uses (`_overview.md`,
 * `status`, `ls`, the Flow Log numbers). The machine counts an iteration against its budget only
 * when it ends with a signal; an iteration that is running, retrying, waiting out a usage limit
 * or failed has run too (its history row and log files say so) and is counted here. Pure.
 */
import { isIterationOpen } from '../../machines/state-meaning.js';
import type { StateOf } from '../../machines/sub-states.js';

export interface IterationCounters {
  readonly iterations?: Readonly<Record<string, number>>;
  readonly totalIterations?: number;
}

export interface IterationsRun {
  /** Session-wide number of the current (or last) iteration: the prompt's, the console's and the history row's `iteration`. */
  readonly total: number;
  /** Iterations run per phase, the open one included. */
  readonly perPhase: Readonly<Record<string, number>>;
}

/**
 * @example
 * iterationsRun({ phase: 'init', sub: 'failed' }, { iterations: { init: 0 }, totalIterations: 0 })
 * // { total: 1, perPhase: { init: 1 } }: the failed first iteration ran
 */
export function iterationsRun(state: StateOf | undefined, counters: IterationCounters): IterationsRun {
  const perPhase = { ...(counters.iterations ?? {}) };
  const total = counters.totalIterations ?? 0;
  if (state === undefined || !isIterationOpen(state)) return { total, perPhase };
  perPhase[state.phase] = (perPhase[state.phase] ?? 0) + 1;
  return { total: total + 1, perPhase };
}
