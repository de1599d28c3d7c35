/**
 * Budget, stall and billing settings: `SAMOCODE_MAX_COST_USD`, `SAMOCODE_MAX_TOKENS`,
 * `SAMOCODE_MAX_HOURS` (and `…_<PHASE>` forms), the stall detectors and the billing policy.
 * Same precedence as every other key (`pick-value.ts`); `none` or empty clears a cap. Pure.
 */
import type { Caps, SpendCaps } from '../../machines/budget.js';
import { PHASES, type Phase } from '../../machines/phases.js';
import type { ConfigIssue, ConfigSources } from './config.js';
import { fixOf, type PickedValue, pickValue } from './pick-value.js';

export const BILLING_POLICIES = ['any', 'subscription'] as const;
export type BillingPolicy = (typeof BILLING_POLICIES)[number];

export interface Limits {
  readonly caps: SpendCaps;
  /** Iterations in a row without a worktree change and with the same signal that block the session; 0 = off. */
  readonly noProgressIterations: number;
  /** Minutes without a stream line after which an attempt is killed and retried; 0 = off. */
  readonly stallMinutes: number;
  readonly billing: BillingPolicy;
  /** A JSON price table that overrides the built-in one (codex cost estimates). */
  readonly pricesFile?: string;
}

export interface LimitFlags {
  readonly maxCost?: string;
  readonly maxTokens?: string;
  readonly maxHours?: string;
}

const CAP_KEYS = {
  costUsd: { base: 'SAMOCODE_MAX_COST_USD', flag: '--max-cost', expected: 'US dollars, a number > 0' },
  tokens: { base: 'SAMOCODE_MAX_TOKENS', flag: '--max-tokens', expected: 'tokens, a whole number ≥ 1' },
  ms: { base: 'SAMOCODE_MAX_HOURS', flag: '--max-hours', expected: 'hours, a number > 0' },
} as const;
export type CapKind = keyof typeof CAP_KEYS;

/** The `run` flag of each session cap. */
export const CAP_FLAGS: Readonly<Record<CapKind, string>> = {
  costUsd: CAP_KEYS.costUsd.flag,
  tokens: CAP_KEYS.tokens.flag,
  ms: CAP_KEYS.ms.flag,
};

const FLAG_FIELD: Readonly<Record<CapKind, keyof LimitFlags>> = {
  costUsd: 'maxCost',
  tokens: 'maxTokens',
  ms: 'maxHours',
};

/** The variables of the stall detectors, the billing policy and the price table, with their defaults. */
export const LIMIT_DEFAULTS = {
  SAMOCODE_NO_PROGRESS_ITERATIONS: '3',
  SAMOCODE_STALL_MINUTES: '10',
  SAMOCODE_BILLING: 'any',
  SAMOCODE_PRICES: '',
} as const;
type OtherLimitVariable = keyof typeof LIMIT_DEFAULTS;

/** The cap variable of `kind` for the session, or for one phase (`SAMOCODE_MAX_COST_USD_INIT` …). */
export const capVariable = (kind: CapKind, phase?: Phase): string =>
  phase === undefined ? CAP_KEYS[kind].base : `${CAP_KEYS[kind].base}_${phase.toUpperCase()}`;

export const CAP_KINDS = Object.keys(CAP_KEYS) as CapKind[];

/** Every variable name this module reads: `.samocode`'s reader knows them, the docs list them. */
export const LIMIT_VARIABLES: readonly string[] = [
  ...CAP_KINDS.flatMap((kind) => [capVariable(kind), ...PHASES.map((phase) => capVariable(kind, phase))]),
  ...(Object.keys(LIMIT_DEFAULTS) as OtherLimitVariable[]),
];

/** `none` (any case) clears a cap, like an empty value. */
export const isNoCap = (text: string): boolean => text.trim() === '' || text.trim().toLowerCase() === 'none';

function parseAmount(kind: CapKind, text: string): number | undefined {
  const trimmed = text.trim();
  if (kind === 'tokens') return /^\d+$/.test(trimmed) && Number(trimmed) >= 1 ? Number(trimmed) : undefined;
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  if (!(value > 0)) return undefined;
  return kind === 'ms' ? Math.round(value * 3_600_000) : value;
}

function parseWhole(text: string): number | undefined {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : undefined;
}

export interface LimitsResult {
  readonly limits: Limits;
  readonly issues: readonly ConfigIssue[];
}

/**
 * Resolves the limits; every bad value becomes an issue and leaves that limit unset.
 *
 * @example
 * resolveLimits(sources, { maxCost: '5' }).limits.caps.session // { costUsd: 5 }
 */
export function resolveLimits(sources: ConfigSources, flags: LimitFlags = {}): LimitsResult {
  const issues: ConfigIssue[] = [];
  const issue = (name: string, picked: PickedValue, expected: string, flag?: string): void => {
    const byFlag = picked.source === 'flag' && flag !== undefined;
    issues.push({
      key: byFlag ? flag : name,
      received: picked.value,
      expected,
      fix: fixOf(name, picked, sources.configPath, flag),
    });
  };

  const capsOf = (phase: Phase | undefined): Caps => {
    const caps: { -readonly [K in CapKind]?: number } = {};
    for (const kind of CAP_KINDS) {
      const spec = CAP_KEYS[kind];
      const name = capVariable(kind, phase);
      const picked = pickValue(sources, name, phase === undefined ? flags[FLAG_FIELD[kind]] : undefined);
      if (picked === undefined || isNoCap(picked.value)) continue;
      const amount = parseAmount(kind, picked.value);
      if (amount === undefined) issue(name, picked, `${spec.expected}, or none`, spec.flag);
      else caps[kind] = amount;
    }
    return caps;
  };

  const phases: Partial<Record<Phase, Caps>> = {};
  for (const phase of PHASES) {
    const caps = capsOf(phase);
    if (Object.keys(caps).length > 0) phases[phase] = caps;
  }
  const session = capsOf(undefined);

  const text = (name: OtherLimitVariable): { picked?: PickedValue; value: string } => {
    const picked = pickValue(sources, name);
    const value = picked?.value.trim() ?? '';
    return value === '' ? { value: LIMIT_DEFAULTS[name] } : { ...(picked ? { picked } : {}), value };
  };

  const noProgress = text('SAMOCODE_NO_PROGRESS_ITERATIONS');
  let noProgressIterations = Number(LIMIT_DEFAULTS.SAMOCODE_NO_PROGRESS_ITERATIONS);
  const whole = parseWhole(noProgress.value);
  if (whole !== undefined) noProgressIterations = whole;
  else if (noProgress.picked)
    issue('SAMOCODE_NO_PROGRESS_ITERATIONS', noProgress.picked, 'a whole number ≥ 0 (0 turns it off)');

  const stall = text('SAMOCODE_STALL_MINUTES');
  let stallMinutes = Number(LIMIT_DEFAULTS.SAMOCODE_STALL_MINUTES);
  if (/^\d+(\.\d+)?$/.test(stall.value)) stallMinutes = Number(stall.value);
  else if (stall.picked)
    issue('SAMOCODE_STALL_MINUTES', stall.picked, 'minutes, a number ≥ 0 (0 turns it off)');

  const billingText = text('SAMOCODE_BILLING');
  const known = BILLING_POLICIES.find((policy) => policy === billingText.value.toLowerCase());
  const billing: BillingPolicy = known ?? 'any';
  if (known === undefined && billingText.picked)
    issue('SAMOCODE_BILLING', billingText.picked, `one of ${BILLING_POLICIES.join(', ')}`);
  const prices = text('SAMOCODE_PRICES').value;

  return {
    limits: {
      caps: { session, phases },
      noProgressIterations,
      stallMinutes,
      billing,
      ...(prices ? { pricesFile: prices } : {}),
    },
    issues,
  };
}
