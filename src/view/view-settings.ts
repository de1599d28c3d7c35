/** The view's settings from the resolved configuration. Pure. */
import { NO_CAPS } from '../../machines/budget.js';
import { PHASE_REGISTRY } from '../../machines/phases.js';
import { budgetsOf } from '../../machines/settings.js';
import { DEFAULT_MAX_LIMITS_IN_A_ROW } from '../../machines/waits.js';
import type { Config } from '../config/config.js';
import { parsePhaseModels } from '../config/phase-models.js';
import type { RecordedSettings } from '../config/recorded-settings.js';
import type { ModelRouting, ProviderModels } from './models-view.js';
import type { ViewSettings } from './view-input.js';

export function toViewSettings(config: Config): ViewSettings {
  return {
    caps: config.limits.caps,
    budgets: budgetsOf(PHASE_REGISTRY),
    verifyCommand: config.verify.command,
    maxAttempts: config.maxRetries,
    maxLimitsInARow: DEFAULT_MAX_LIMITS_IN_A_ROW,
    noProgressIterations: config.limits.noProgressIterations,
  };
}

/** The settings of a project without any configuration: the registry's budgets, no caps, no verify command. */
export const DEFAULT_VIEW_SETTINGS: ViewSettings = {
  caps: NO_CAPS,
  budgets: budgetsOf(PHASE_REGISTRY),
  verifyCommand: '',
  maxAttempts: 3,
  maxLimitsInARow: DEFAULT_MAX_LIMITS_IN_A_ROW,
  noProgressIterations: 3,
};

/** The session's models from its resolved configuration (the session's own settings applied). */
export function toModelRouting(config: Config): ModelRouting {
  const { fallback } = config;
  return {
    provider: config.provider,
    model: config.model,
    phaseModels: config.phaseModels,
    escalateModel: config.escalateModel,
    ...(fallback
      ? {
          fallback: {
            provider: fallback.provider,
            model: fallback.model,
            phaseModels: fallback.phaseModels,
            escalateModel: fallback.escalateModel,
          },
        }
      : {}),
  };
}

/** The session's models from its `_settings.json` (what `ls` and the dashboard read per session). */
export function routingOfRecord(recorded: RecordedSettings | undefined): ModelRouting | undefined {
  if (recorded === undefined) return undefined;
  const text = (key: string): string => {
    const value = recorded.settings[key]?.value;
    return typeof value === 'string' ? value : '';
  };
  const modelsOf = (provider: string, phaseKey: string, escalateKey: string): ProviderModels => ({
    provider,
    model: text(provider === 'codex' ? 'codex.model' : 'claude.model'),
    phaseModels: parsePhaseModels(text(phaseKey)).models,
    escalateModel: text(escalateKey),
  });
  const provider = text('provider') || 'claude';
  const fallback = text('fallback.provider');
  return {
    ...modelsOf(provider, 'phaseModels', 'escalateModel'),
    ...(fallback ? { fallback: modelsOf(fallback, 'fallback.phaseModels', 'fallback.escalateModel') } : {}),
  };
}
