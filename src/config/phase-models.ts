/**
 * Phase models: which model runs each phase, as `SAMOCODE_PHASE_MODELS` (and the fallback
 * provider's `SAMOCODE_FALLBACK_PHASE_MODELS`) writes it — `init=haiku,planning=opus` — and as a
 * repeatable `--phase-model PHASE=MODEL` lays pairs over it. A phase the map does not name runs on
 * the provider's model (`--model`, `CLAUDE_MODEL`, `CODEX_MODEL`). Pure.
 *
 * @example
 * parsePhaseModels('Planning=opus, init=haiku') // { models: { init: 'haiku', planning: 'opus' }, problems: [] }
 * renderPhaseModels({ planning: 'opus', init: 'haiku' }) // 'init=haiku,planning=opus'
 */
import { isPhase, PHASES, type Phase } from '../../machines/phases.js';
import type { PhaseModels } from '../providers/model-routing.js';

export type { PhaseModels };

/** What is wrong with one pair, in words that name it. */
export interface PhaseModelProblem {
  readonly pair: string;
  readonly problem: string;
}

export const PHASE_MODELS_EXPECTED = `PHASE=MODEL pairs separated by commas, each phase one of ${PHASES.join(', ')} at most once, e.g. init=haiku,planning=opus (empty or none = every phase on the provider's model)`;

/** One `PHASE=MODEL` pair; the phase in any case. */
export function parsePhaseModelPair(
  pair: string,
): { readonly phase: Phase; readonly model: string } | PhaseModelProblem {
  const at = pair.indexOf('=');
  if (at < 0) return { pair, problem: 'is not PHASE=MODEL (no =)' };
  const name = pair.slice(0, at).trim().toLowerCase();
  const model = pair.slice(at + 1).trim();
  if (name === '') return { pair, problem: 'names no phase before =' };
  if (!isPhase(name)) return { pair, problem: `names an unknown phase '${name}'` };
  if (model === '') return { pair, problem: `gives '${name}' an empty model` };
  if (/\s/.test(model)) return { pair, problem: `gives '${name}' a model with a space in it` };
  return { phase: name, model };
}

/** A whole map; empty or `none` is the empty map. Every problem is reported, each pair once. */
export function parsePhaseModels(text: string): {
  readonly models: PhaseModels;
  readonly problems: readonly PhaseModelProblem[];
} {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.toLowerCase() === 'none') return { models: {}, problems: [] };
  const models: Partial<Record<Phase, string>> = {};
  const problems: PhaseModelProblem[] = [];
  for (const raw of trimmed.split(',')) {
    const pair = raw.trim();
    const parsed = parsePhaseModelPair(pair);
    if ('problem' in parsed) problems.push(parsed);
    else if (models[parsed.phase] !== undefined)
      problems.push({ pair, problem: `names '${parsed.phase}' a second time` });
    else models[parsed.phase] = parsed.model;
  }
  return { models, problems };
}

/** The map as the session keeps it: phases in workflow order, no spaces; '' for none. */
export function renderPhaseModels(models: PhaseModels): string {
  return PHASES.flatMap((phase) => {
    const model = models[phase];
    return model === undefined ? [] : [`${phase}=${model}`];
  }).join(',');
}

/** `text` as the session keeps it when it parses; as written otherwise (the resolver reports it). */
export function normalizePhaseModels(text: string): string {
  const { models, problems } = parsePhaseModels(text);
  return problems.length > 0 ? text.trim() : renderPhaseModels(models);
}

/**
 * The map `base` with `over`'s pairs laid over it (a later `--phase-model` changes one phase). A
 * `base` that does not parse is returned as it is, so the resolver reports what is wrong with it.
 */
export function overlayPhaseModels(base: string, over: PhaseModels): string {
  const parsed = parsePhaseModels(base);
  return parsed.problems.length > 0 ? base : renderPhaseModels({ ...parsed.models, ...over });
}
