/**
 * The models of a session, as every surface shows them: which model runs each phase, the
 * escalation model, the model of the iteration that runs now (or next), and the escalations the
 * history records. Built from the session's settings, its saved context and its history. Pure.
 *
 * @example
 * buildModelsView({ provider: 'claude', model: 'sonnet', phaseModels: { init: 'haiku' }, escalateModel: 'opus' }, undefined, {}, []).text
 * // 'init haiku, other phases sonnet; escalation opus'
 */
import type { SavedContext } from '../../machines/context.js';
import type { EscalationCause } from '../../machines/escalation.js';
import { mapPhases, PHASES, type Phase } from '../../machines/phases.js';
import type { StateOf } from '../../machines/sub-states.js';
import type { PhaseModels } from '../providers/model-routing.js';
import type { HistoryRow } from '../session/history.js';

/** A provider's models as the session keeps them. */
export interface ProviderModels {
  readonly provider: string;
  /** '' = the CLI's default. */
  readonly model: string;
  readonly phaseModels: PhaseModels;
  /** '' = none. */
  readonly escalateModel: string;
}

/** The session's models: the primary's, and the fallback provider's when one is configured. */
export interface ModelRouting extends ProviderModels {
  readonly fallback?: ProviderModels;
}

export interface EscalationSeen {
  readonly iteration: number;
  readonly phase: string;
  readonly model: string;
  readonly cause: EscalationCause;
  readonly reason: string;
}

export interface ModelsView {
  /** The model each phase runs on ('' = the CLI's default). */
  readonly perPhase: Readonly<Record<Phase, string>>;
  readonly escalation?: string;
  readonly fallback?: {
    readonly provider: string;
    readonly perPhase: Readonly<Record<Phase, string>>;
    readonly escalation?: string;
    readonly text: string;
  };
  /** The iteration that runs now, or next when the session is continued. */
  readonly current?: {
    readonly phase: Phase;
    readonly model: string;
    readonly isEscalation: boolean;
    readonly reason?: string;
  };
  /** Every escalated iteration in the history, oldest first. */
  readonly escalations: readonly EscalationSeen[];
  /** `init haiku, planning opus, other phases sonnet; escalation opus`. */
  readonly text: string;
}

/** A model's name, or what an empty one means. */
export const named = (model: string): string => (model === '' ? "the CLI's default" : model);

/** `init haiku, other phases sonnet`, or `every phase sonnet`. */
function renderPerPhase(models: ProviderModels): string {
  const own = PHASES.flatMap((phase) => {
    const model = models.phaseModels[phase];
    return model === undefined ? [] : [`${phase} ${model}`];
  });
  if (own.length === 0) return `every phase ${named(models.model)}`;
  if (own.length === PHASES.length) return own.join(', ');
  return `${own.join(', ')}, other phases ${named(models.model)}`;
}

function renderModels(models: ProviderModels): string {
  return `${renderPerPhase(models)}${models.escalateModel ? `; escalation ${models.escalateModel}` : ''}`;
}

const perPhaseOf = (models: ProviderModels) =>
  mapPhases((phase) => models.phaseModels[phase] ?? models.model);

export function buildModelsView(
  routing: ModelRouting,
  state: StateOf | undefined,
  context: SavedContext,
  rows: readonly HistoryRow[],
): ModelsView {
  const onFallback = context.provider === 'fallback' && routing.fallback !== undefined;
  const running = onFallback && routing.fallback ? routing.fallback : routing;
  const isEscalation = context.escalation !== undefined;
  const current =
    state === undefined || state.sub === undefined
      ? undefined
      : {
          phase: state.phase,
          model:
            isEscalation && running.escalateModel !== ''
              ? running.escalateModel
              : (running.phaseModels[state.phase] ?? running.model),
          isEscalation,
          ...(context.escalation ? { reason: context.escalation.reason } : {}),
        };
  const { fallback } = routing;
  return {
    perPhase: perPhaseOf(routing),
    ...(routing.escalateModel ? { escalation: routing.escalateModel } : {}),
    ...(fallback
      ? {
          fallback: {
            provider: fallback.provider,
            perPhase: perPhaseOf(fallback),
            ...(fallback.escalateModel ? { escalation: fallback.escalateModel } : {}),
            text: renderModels(fallback),
          },
        }
      : {}),
    ...(current ? { current } : {}),
    escalations: rows.flatMap((row) =>
      row.escalation
        ? [
            {
              iteration: row.iteration,
              phase: row.sourcePhase,
              model: row.model,
              cause: row.escalation.cause,
              reason: row.escalation.reason,
            },
          ]
        : [],
    ),
    text: renderModels(routing),
  };
}
