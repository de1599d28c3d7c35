/** The view's settings from the resolved configuration. Pure. */
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
