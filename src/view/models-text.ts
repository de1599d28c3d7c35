/** The models of a session in words: the `ls` and dashboard column, `status` lines, the start line. */
import { PHASES } from '../../machines/phases.js';
import type { PhaseModels } from '../providers/model-routing.js';
import { type ModelsView, named } from './models-view.js';

/** `opus (escalation)`: the model column of `ls` and the dashboard. */
export function renderCurrentModel(view: ModelsView | undefined): string {
  const current = view?.current;
  if (current === undefined) return '-';
  return `${named(current.model)}${current.isEscalation ? ' (escalation)' : ''}`;
}

const ESCALATIONS_SHOWN = 5;

/** The `models:` lines of `status`: the routing, the model now, the escalations so far. */
export function renderModelsLines(view: ModelsView): string[] {
  const lines = [`models: ${view.text}`];
  if (view.fallback) lines.push(`  fallback ${view.fallback.provider}: ${view.fallback.text}`);
  if (view.current?.isEscalation)
    lines.push(
      `  now: ${view.current.phase} on ${named(view.current.model)}, escalated once: ${view.current.reason ?? ''}`,
    );
  for (const seen of view.escalations.slice(-ESCALATIONS_SHOWN))
    lines.push(
      `  escalated: iteration ${seen.iteration} in ${seen.phase} ran on ${named(seen.model)}: ${seen.reason}`,
    );
  if (view.escalations.length > ESCALATIONS_SHOWN)
    lines.push(`  (${view.escalations.length - ESCALATIONS_SHOWN} earlier escalation(s) in the history)`);
  return lines;
}

/** `, phase models init=haiku,planning=opus, escalation=opus`: the run's start line. */
export function renderRoutingNote(routing: {
  readonly phaseModels: PhaseModels;
  readonly escalateModel: string;
}): string {
  const pairs = PHASES.flatMap((phase) => {
    const model = routing.phaseModels[phase];
    return model === undefined ? [] : [`${phase}=${model}`];
  });
  return `${pairs.length > 0 ? `, phase models ${pairs.join(',')}` : ''}${routing.escalateModel ? `, escalation=${routing.escalateModel}` : ''}`;
}
