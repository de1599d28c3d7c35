/**
 * The worst case's cost by phase: each phase's iterations priced at its model, the ones that may
 * run on the escalation model at that model's price, every iteration taking all its attempts.
 * The tokens of an attempt are the largest the session's history shows, else an assumption both
 * printed. Pure.
 *
 * @example
 * // 2 implementation iterations × 3 attempts × (200k in, 20k out) on sonnet ($3/$15 per MTok) = $5.40
 */
import type { Bound } from '../../machines/bound.js';
import { PHASES, type Phase } from '../../machines/phases.js';
import { modelFor, type PhaseModels } from '../providers/model-routing.js';
import { claudePriceOf, type PriceTable, priceOf } from '../providers/prices.js';
import type { HistoryRow } from '../session/history.js';

/** The tokens one attempt is taken to use when the session has none recorded. */
export const ASSUMED_ATTEMPT_TOKENS = { input: 200_000, output: 20_000 } as const;

export interface AttemptTokens {
  readonly input: number;
  readonly output: number;
  /** `history`: the largest attempt the session recorded; `assumed`: `ASSUMED_ATTEMPT_TOKENS`. */
  readonly basis: 'history' | 'assumed';
}

export interface PlanRouting {
  readonly provider: string;
  readonly model: string;
  readonly phaseModels: PhaseModels;
  readonly escalateModel: string;
}

export interface PhaseCost {
  readonly phase: Phase;
  readonly model: string;
  readonly iterations: number;
  /** Of `iterations`, the ones that may run on `escalationModel`. */
  readonly escalations: number;
  readonly escalationModel?: string;
  readonly costUsd: number;
}

export interface PlanCost {
  readonly perPhase: readonly PhaseCost[];
  /** The sum of `perPhase`. */
  readonly totalUsd: number;
  readonly attemptTokens: AttemptTokens;
  readonly maxAttempts: number;
}

/** The largest attempt the history shows (an iteration's tokens over its attempts). */
export function attemptTokensOf(rows: readonly Pick<HistoryRow, 'tokens' | 'attempts'>[]): AttemptTokens {
  const perAttempt = rows
    .filter((row) => row.tokens.input + row.tokens.output > 0)
    .map((row) => ({
      input: row.tokens.input / Math.max(1, row.attempts),
      output: row.tokens.output / Math.max(1, row.attempts),
    }));
  if (perAttempt.length === 0) return { ...ASSUMED_ATTEMPT_TOKENS, basis: 'assumed' };
  return {
    input: Math.round(Math.max(...perAttempt.map((tokens) => tokens.input))),
    output: Math.round(Math.max(...perAttempt.map((tokens) => tokens.output))),
    basis: 'history',
  };
}

export function buildPlanCost(
  bound: Pick<Bound, 'perPhase' | 'escalations'>,
  maxAttempts: number,
  routing: PlanRouting,
  table: PriceTable,
  tokens: AttemptTokens,
): PlanCost {
  const iterationUsd = (model: string): number => {
    const price = routing.provider === 'claude' ? claudePriceOf(table, model) : priceOf(table, model);
    return (
      (maxAttempts * (tokens.input * price.inputPerMTok + tokens.output * price.outputPerMTok)) / 1_000_000
    );
  };
  const settings = {
    model: routing.model,
    phaseModels: routing.phaseModels,
    escalationModel: routing.escalateModel,
  };
  const perPhase = PHASES.filter((phase) => bound.perPhase[phase] > 0).map((phase): PhaseCost => {
    const iterations = bound.perPhase[phase];
    const escalations = Math.min(iterations, bound.escalations[phase]);
    const model = modelFor(settings, phase, 'phase');
    const escalationModel = modelFor(settings, phase, 'escalation');
    const costUsd =
      (iterations - escalations) * iterationUsd(model) + escalations * iterationUsd(escalationModel);
    return {
      phase,
      model,
      iterations,
      escalations,
      ...(escalations > 0 ? { escalationModel } : {}),
      costUsd,
    };
  });
  return {
    perPhase,
    totalUsd: perPhase.reduce((sum, phase) => sum + phase.costUsd, 0),
    attemptTokens: tokens,
    maxAttempts,
  };
}
