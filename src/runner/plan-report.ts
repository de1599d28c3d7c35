/** What `samocode plan` prints (and `run` records at its start): the worst case from here. Pure. */

import { type Bound, buildBound } from '../../machines/bound.js';
import { type Caps, renderAmount, renderDuration, type SpendCaps } from '../../machines/budget.js';
import { PHASE_REGISTRY, PHASES } from '../../machines/phases.js';
import { renderState, type StateOf } from '../../machines/sub-states.js';
import { initialContext, type WorkflowContext, type WorkflowSettings } from '../../machines/workflow.js';
import type { PriceTable } from '../providers/prices.js';
import { formatCost } from '../text/cost-text.js';
import { type AttemptTokens, buildPlanCost, type PlanCost, type PlanRouting } from './plan-cost.js';

export interface PlanInput {
  readonly settings: WorkflowSettings;
  readonly timeoutMs: number;
  readonly state: StateOf;
  readonly context:
    | Pick<WorkflowContext, 'iterations' | 'allowance' | 'escalation' | 'escalatedIn'>
    | undefined;
  readonly caps: SpendCaps;
  /** Spent so far in the session (cost, tokens, provider time). */
  readonly spent: { readonly costUsd: number; readonly tokens: number; readonly ms: number };
  readonly isCostEstimated: boolean;
  /** The models and their prices, to bound the cost by phase. */
  readonly pricing?: {
    readonly routing: PlanRouting;
    readonly table: PriceTable;
    readonly tokens: AttemptTokens;
  };
}

export interface PlanReport {
  readonly from: string;
  readonly bound: Bound;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly caps: SpendCaps;
  readonly spent: PlanInput['spent'];
  readonly isCostEstimated: boolean;
  /** The worst case's cost by phase, at each phase's model price (escalations included). */
  readonly cost?: PlanCost;
  /** A fallback provider is configured: one more attempt may run after a long usage limit. */
  readonly hasFallback: boolean;
}

export function buildPlanReport(input: PlanInput): PlanReport {
  const bound = buildBound({
    registry: PHASE_REGISTRY,
    settings: input.settings,
    timeoutMs: input.timeoutMs,
    from: input.state,
    context: input.context ?? initialContext(),
  });
  const { pricing } = input;
  const cost = pricing
    ? buildPlanCost(bound, input.settings.maxAttempts, pricing.routing, pricing.table, pricing.tokens)
    : undefined;
  return {
    from: renderState(input.state),
    bound,
    timeoutMs: input.timeoutMs,
    maxAttempts: input.settings.maxAttempts,
    caps: input.caps,
    spent: input.spent,
    isCostEstimated: input.isCostEstimated,
    ...(cost ? { cost } : {}),
    hasFallback: input.settings.fallbackAfterMs !== undefined,
  };
}

const hours = renderDuration;
/** Caps are shown with the digits that set them apart, `$0.0025` rather than `<$0.01`. */
const usd = (value: number): string => renderAmount('costUsd', value);
const span = renderDuration;

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

/**
 * The line after the worst case at the start of `run`: what it would cost at the models' prices.
 *
 * @example
 * // "at the models' prices the worst case costs at most $959.40 (an estimate; samocode plan splits it by phase)"
 */
export function renderModelCostLine(report: PlanReport): string | undefined {
  if (report.cost === undefined || report.bound.attempts === 0) return undefined;
  return `at the models' prices the worst case costs at most ${usd(report.cost.totalUsd)} (an estimate; samocode plan splits it by phase)`;
}

/** `implementation 4 × sonnet + 4 × opus (escalation) $12.00`. */
function renderPhaseCost(phase: PlanCost['perPhase'][number]): string {
  const own = phase.iterations - phase.escalations;
  const parts = [
    ...(own > 0 ? [`${own} × ${phase.model || 'default'}`] : []),
    ...(phase.escalations > 0
      ? [`${phase.escalations} × ${phase.escalationModel || 'default'} (escalation)`]
      : []),
  ];
  return `${phase.phase} ${parts.join(' + ')} ${usd(phase.costUsd)}`;
}

/** The cost lines: the total at the models' prices, then each phase's share. */
function modelCostLines(cost: PlanCost): string[] {
  const { attemptTokens: tokens } = cost;
  const basis = tokens.basis === 'history' ? "the session's largest attempt" : 'assumed';
  return [
    `  cost at the models' prices: at most ${usd(cost.totalUsd)} (estimated: every iteration takes ${cost.maxAttempts} attempts of ${tokens.input} in / ${tokens.output} out tokens, ${basis})`,
    ...cost.perPhase.map((phase) => `    ${renderPhaseCost(phase)}`),
  ];
}

/** The whole bound's wall time, or less when a provider-time cap stops the session sooner. */
export function boundWallMs(report: PlanReport): number {
  const { bound } = report;
  const capMs = report.caps.session.ms;
  if (capMs === undefined || bound.attempts === 0) return bound.wallMs;
  // The spend check runs before an iteration starts: the last one may still use every attempt,
  // the attempt after a usage-limit wait and the one that moves to a fallback provider.
  const lastIterationMs = (report.maxAttempts + 1 + (report.hasFallback ? 1 : 0)) * report.timeoutMs;
  const waitsMs = (bound.iterations + 1) * bound.backoffPerIterationMs + bound.longestSuspensionMs;
  return Math.min(bound.wallMs, capMs + lastIterationMs + waitsMs);
}

/**
 * One line for the start of `run`: each figure with what bounds it, and the flags that would
 * tighten what is not capped.
 *
 * @example
 * renderPlanLine(report)
 * // 'worst case from init.running (a limit, not an estimate): 178 iterations (the phase budgets), 538 attempts
 * //  (3 per iteration), 275.0 h (1800 s per attempt, a usage-limit wait of up to 6.0 h), cost uncapped;
 * //  to cap it, run with --max-cost 5 or --max-hours 2 (samocode plan shows the whole bound)'
 */
export function renderPlanLine(report: PlanReport): string {
  const { bound, caps } = report;
  const { costUsd: costCap, ms: timeCap, tokens: tokenCap } = caps.session;
  const head = `worst case from ${report.from} (a limit, not an estimate)`;
  if (bound.attempts === 0) return `${head}: nothing more runs`;
  const time = [
    timeCap === undefined
      ? `${Math.round(report.timeoutMs / 1000)} s per attempt`
      : `provider time capped at ${span(timeCap)}`,
    ...(bound.longestSuspensionMs > 0
      ? [`a usage-limit wait of up to ${span(bound.longestSuspensionMs)}`]
      : []),
  ].join(', ');
  const figures = [
    `${bound.iterations} iterations (the phase budgets)`,
    `${bound.attempts} attempts (${report.maxAttempts} per iteration)`,
    `${span(boundWallMs(report))} (${time})`,
    costCap === undefined ? 'cost uncapped' : `cost capped at ${usd(costCap)}`,
    ...(tokenCap === undefined ? [] : [`tokens capped at ${tokenCap}`]),
  ];
  const tighten = [
    ...(costCap === undefined ? ['--max-cost 5'] : []),
    ...(timeCap === undefined ? ['--max-hours 2'] : []),
  ];
  const hint =
    tighten.length === 0
      ? ''
      : `; to cap it, run with ${tighten.join(' or ')} (samocode plan shows the whole bound)`;
  return `${head}: ${figures.join(', ')}${hint}`;
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
    ...(report.cost ? modelCostLines(report.cost) : []),
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
