/**
 * Which model an attempt runs on. The machine chooses the provider (primary or fallback) and the
 * model choice (the phase's, or the escalation model); this only looks the name up in the chosen
 * provider's settings. Pure.
 *
 * @example
 * modelFor({ model: 'opus', phaseModels: { init: 'haiku' }, escalationModel: 'opus' }, 'init', 'phase') // 'haiku'
 * modelFor({ model: 'sonnet', phaseModels: {}, escalationModel: 'opus' }, 'testing', 'escalation') // 'opus'
 */
import type { ModelChoice } from '../../machines/escalation.js';
import type { Phase } from '../../machines/phases.js';

/** A provider's model per phase; a phase not named runs on the provider's own model. */
export type PhaseModels = Readonly<Partial<Record<Phase, string>>>;

/** A provider's models: its own ('' = the CLI's default), per phase, and for an escalation. */
export interface ModelRouting {
  readonly model: string;
  readonly phaseModels?: PhaseModels;
  /** '' or absent: an escalated attempt on this provider runs on its phase model. */
  readonly escalationModel?: string;
}

export function modelFor(routing: ModelRouting, phase: Phase, choice: ModelChoice): string {
  if (choice === 'escalation' && routing.escalationModel) return routing.escalationModel;
  return routing.phaseModels?.[phase] ?? routing.model;
}
