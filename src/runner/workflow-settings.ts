/** Machine and provider settings from the resolved configuration. Pure. */
import { PHASE_REGISTRY } from '../../machines/phases.js';
import { budgetsOf, type WorkflowSettings } from '../../machines/workflow.js';
import type { Config } from '../config/config.js';
import type { PriceTable } from '../providers/prices.js';
import type { ProviderSettings } from '../providers/types.js';

/** What the `run` flags decide for the machine. */
export interface RunFlags {
  readonly autoApprove: boolean;
  readonly once: boolean;
}

export function toWorkflowSettings(config: Config, flags: RunFlags): WorkflowSettings {
  return {
    autoApprove: flags.autoApprove,
    once: flags.once,
    maxAttempts: config.maxRetries,
    retryDelayMs: config.retryDelayS * 1000,
    maxSuspendMs: config.maxSuspendS * 1000,
    budgets: budgetsOf(PHASE_REGISTRY),
    caps: config.limits.caps,
    jitter: () => 0.5 + Math.random() / 2,
    verify: config.verify.command !== '',
  };
}

export function toProviderSettings(
  config: Config,
  env: Readonly<Record<string, string | undefined>>,
  prices?: PriceTable,
): ProviderSettings {
  return {
    name: config.provider,
    cliPath: config.cliPath,
    model: config.model,
    maxTurns: config.claude.maxTurns,
    timeoutMs: config.timeoutS * 1000,
    killGraceMs: config.killGraceS * 1000,
    env,
    stallMs: Math.round(config.limits.stallMinutes * 60_000),
    noProgressIterations: config.limits.noProgressIterations,
    ...(prices ? { prices } : {}),
  };
}
