/** The view's settings from the resolved configuration. Pure. */
import { NO_CAPS } from '../../machines/budget.js';
import { PHASE_REGISTRY } from '../../machines/phases.js';
import { budgetsOf } from '../../machines/settings.js';
import { DEFAULT_MAX_LIMITS_IN_A_ROW } from '../../machines/waits.js';
import type { Config } from '../config/config.js';
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
