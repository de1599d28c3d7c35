/** What `samocode plan` prints (and `run` records at its start): the worst case from here. Pure. */

import { type Bound, buildBound } from '../../machines/bound.js';
import { type Caps, renderAmount, renderDuration, type SpendCaps } from '../../machines/budget.js';
import { PHASE_REGISTRY, PHASES } from '../../machines/phases.js';
import { renderState, type StateOf } from '../../machines/sub-states.js';
import { initialContext, type WorkflowContext, type WorkflowSettings } from '../../machines/workflow.js';
import { formatCost } from '../text/cost-text.js';

export interface PlanInput {
  readonly settings: WorkflowSettings;
  readonly timeoutMs: number;
  readonly state: StateOf;
  readonly context: Pick<WorkflowContext, 'iterations' | 'allowance'> | undefined;
  readonly caps: SpendCaps;
  /** Spent so far in the session (cost, tokens, provider time). */
  readonly spent: { readonly costUsd: number; readonly tokens: number; readonly ms: number };
  readonly isCostEstimated: boolean;
}

export interface PlanReport {
  readonly from: string;
  readonly bound: Bound;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly caps: SpendCaps;
  readonly spent: PlanInput['spent'];
  readonly isCostEstimated: boolean;
}

export function buildPlanReport(input: PlanInput): PlanReport {
  const bound = buildBound({
    registry: PHASE_REGISTRY,
    settings: input.settings,
    timeoutMs: input.timeoutMs,
    from: input.state,
    context: input.context ?? initialContext(),
  });
  return {
    from: renderState(input.state),
    bound,
    timeoutMs: input.timeoutMs,
    maxAttempts: input.settings.maxAttempts,
    caps: input.caps,
    spent: input.spent,
    isCostEstimated: input.isCostEstimated,
  };
}

const hours = renderDuration;
/** Caps are shown with the digits that set them apart, `$0.0025` rather than `<$0.01`. */
const usd = (value: number): string => renderAmount('costUsd', value);

function phaseCaps(caps: SpendCaps, kind: keyof Caps, render: (value: number) => string): string {
  const parts = PHASES.flatMap((phase) => {
    const cap = caps.phases[phase]?.[kind];
    return cap === undefined ? [] : [`${phase} ${render(cap)}`];
  });
  return parts.length > 0 ? `; per phase: ${parts.join(', ')}` : '';
}

function costLine(report: PlanReport): string {
  const cap = report.caps.session.costUsd;
  const spent = `spent ${formatCost(report.spent.costUsd, report.isCostEstimated ? 'estimated' : 'reported')} so far`;
  if (cap === undefined) {
    return `cost: no session cap (set SAMOCODE_MAX_COST_USD or run --max-cost); ${spent}${phaseCaps(report.caps, 'costUsd', usd)}`;
  }
  return `cost: at most ${usd(cap)} (the cap; ${spent}), passed only by what one iteration costs beyond the costliest before it${phaseCaps(report.caps, 'costUsd', usd)}`;
}

/** One line for the start of `run`. */
export function renderPlanLine(report: PlanReport): string {
  const cap = report.caps.session.costUsd;
  return `worst case from ${report.from}: ${report.bound.iterations} iterations, ${report.bound.attempts} attempts, ${hours(report.bound.wallMs)}, cost ${cap === undefined ? 'uncapped' : `capped at ${usd(cap)}`}`;
}

export function renderPlanReport(report: PlanReport): string {
  const { bound } = report;
  const perPhase = PHASES.filter((phase) => bound.perPhase[phase] > 0)
    .map((phase) => `${phase} ${bound.perPhase[phase]}`)
    .join(', ');
  const lines = [
    `worst case from ${report.from}, before the session must stop for a human:`,
    `  iterations: ${bound.iterations}${perPhase ? ` (${perPhase})` : ''}`,
    `  attempts: ${bound.attempts} = (${bound.iterations} + 1) iterations × ${report.maxAttempts} attempts + 1 after a usage-limit wait`,
    `  wall time: ${hours(bound.wallMs)} = ${bound.attempts} attempts × ${Math.round(report.timeoutMs / 1000)} s + ${bound.iterations + 1} × ${Math.round(bound.backoffPerIterationMs / 1000)} s backoff + ${hours(bound.longestSuspensionMs)} longest usage-limit wait`,
    `  ${costLine(report)}`,
  ];
  const tokens = report.caps.session.tokens;
  if (tokens !== undefined || phaseCaps(report.caps, 'tokens', String) !== '') {
    lines.push(
      `  tokens: ${tokens === undefined ? 'no session cap' : `at most ${tokens}`} (spent ${report.spent.tokens})${phaseCaps(report.caps, 'tokens', String)}`,
    );
  }
  const time = report.caps.session.ms;
  if (time !== undefined || phaseCaps(report.caps, 'ms', hours) !== '') {
    lines.push(
      `  provider time: ${time === undefined ? 'no session cap' : `at most ${hours(time)}`} (spent ${hours(report.spent.ms)})${phaseCaps(report.caps, 'ms', hours)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
