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
    noProgressIterations: config.limits.noProgressIterations,
    ...(config.fallback ? { fallbackAfterMs: config.fallbackAfterS * 1000 } : {}),
    escalate: config.escalateModel !== '',
  };
}

type Env = Readonly<Record<string, string | undefined>>;

/** How to run the primary provider's CLI. */
export function toProviderSettings(config: Config, env: Env, prices?: PriceTable): ProviderSettings {
  return buildSettings(config, { ...config, escalationModel: config.escalateModel }, env, prices);
}

/** How to run the fallback provider's CLI, when one is configured. */
export function toFallbackSettings(
  config: Config,
  env: Env,
  prices?: PriceTable,
): ProviderSettings | undefined {
  const fallback = config.fallback;
  if (fallback === undefined) return undefined;
  return buildSettings(
    config,
    {
      provider: fallback.provider,
      cliPath: fallback.cliPath,
      model: fallback.model,
      timeoutS: fallback.timeoutS,
      phaseModels: fallback.phaseModels,
      escalationModel: fallback.escalateModel,
    },
    env,
    prices,
  );
}

function buildSettings(
  config: Config,
  cli: Pick<Config, 'provider' | 'cliPath' | 'model' | 'timeoutS' | 'phaseModels'> & {
    readonly escalationModel: string;
  },
  env: Env,
  prices: PriceTable | undefined,
): ProviderSettings {
  return {
    name: cli.provider,
    cliPath: cli.cliPath,
    model: cli.model,
    phaseModels: cli.phaseModels,
    escalationModel: cli.escalationModel,
    maxTurns: config.claude.maxTurns,
    timeoutMs: cli.timeoutS * 1000,
    killGraceMs: config.killGraceS * 1000,
    env,
    stallMs: Math.round(config.limits.stallMinutes * 60_000),
    noProgressIterations: config.limits.noProgressIterations,
    ...(prices ? { prices } : {}),
  };
}
