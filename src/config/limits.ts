/**
 * Budget, stall and billing settings: `SAMOCODE_MAX_COST_USD`, `SAMOCODE_MAX_TOKENS`,
 * `SAMOCODE_MAX_HOURS` (and `…_<PHASE>` forms), the stall detectors and the billing policy.
 * Same precedence as every other key: flag, environment, `.env`, `.samocode`, default. Pure.
 */
import type { Caps, SpendCaps } from '../../machines/budget.js';
import { PHASES, type Phase } from '../../machines/phases.js';
import type { ConfigIssue, ConfigSources } from './config.js';

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
type CapKind = keyof typeof CAP_KEYS;

const FLAG_FIELD: Readonly<Record<CapKind, keyof LimitFlags>> = {
  costUsd: 'maxCost',
  tokens: 'maxTokens',
  ms: 'maxHours',
};

/** Every variable name this module reads, for docs and the README table. */
export const LIMIT_VARIABLES: readonly string[] = [
  ...Object.values(CAP_KEYS).flatMap(({ base }) => [
    base,
    ...PHASES.map((phase) => `${base}_${phase.toUpperCase()}`),
  ]),
  'SAMOCODE_NO_PROGRESS_ITERATIONS',
  'SAMOCODE_STALL_MINUTES',
  'SAMOCODE_BILLING',
  'SAMOCODE_PRICES',
];

interface Picked {
  readonly value: string;
  readonly where: string;
}

function pickRaw(
  sources: ConfigSources,
  name: string,
  flag?: string,
  flagValue?: string,
): Picked | undefined {
  if (flagValue !== undefined) return { value: flagValue, where: `pass a valid value to ${flag}` };
  const env = sources.env[name];
  if (env !== undefined)
    return { value: env, where: `set the environment variable ${name} to a valid value or unset it` };
  const dotenv = sources.dotenv[name];
  if (dotenv !== undefined) return { value: dotenv, where: `correct ${name} in the .env file` };
  const file = sources.file[name];
  if (file !== undefined) return { value: file, where: `correct ${name}= in ${sources.configPath}` };
  return undefined;
}

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
  const issue = (key: string, picked: Picked, expected: string): void => {
    issues.push({ key, received: picked.value, expected, fix: picked.where });
  };

  const capsOf = (suffix: string, withFlags: boolean): Caps => {
    const caps: { -readonly [K in CapKind]?: number } = {};
    for (const kind of Object.keys(CAP_KEYS) as CapKind[]) {
      const spec = CAP_KEYS[kind];
      const name = `${spec.base}${suffix}`;
      const flagValue = withFlags ? flags[FLAG_FIELD[kind]] : undefined;
      const picked = pickRaw(sources, name, spec.flag, flagValue);
      if (picked === undefined || picked.value.trim() === '') continue;
      const amount = parseAmount(kind, picked.value);
      if (amount === undefined) issue(flagValue === undefined ? name : spec.flag, picked, spec.expected);
      else caps[kind] = amount;
    }
    return caps;
  };

  const phases: Partial<Record<Phase, Caps>> = {};
  for (const phase of PHASES) {
    const caps = capsOf(`_${phase.toUpperCase()}`, false);
    if (Object.keys(caps).length > 0) phases[phase] = caps;
  }
  const session = capsOf('', true);

  const whole = (name: string, fallback: number): number => {
    const picked = pickRaw(sources, name);
    if (picked === undefined || picked.value.trim() === '') return fallback;
    const value = parseWhole(picked.value);
    if (value === undefined) {
      issue(name, picked, 'a whole number ≥ 0 (0 turns it off)');
      return fallback;
    }
    return value;
  };
  const noProgressIterations = whole('SAMOCODE_NO_PROGRESS_ITERATIONS', 3);
  let stallMinutes = 10;
  const stallPicked = pickRaw(sources, 'SAMOCODE_STALL_MINUTES');
  if (stallPicked !== undefined && stallPicked.value.trim() !== '') {
    const text = stallPicked.value.trim();
    if (/^\d+(\.\d+)?$/.test(text)) stallMinutes = Number(text);
    else issue('SAMOCODE_STALL_MINUTES', stallPicked, 'minutes, a number ≥ 0 (0 turns it off)');
  }

  let billing: BillingPolicy = 'any';
  const billingPicked = pickRaw(sources, 'SAMOCODE_BILLING');
  if (billingPicked !== undefined && billingPicked.value.trim() !== '') {
    const value = billingPicked.value.trim().toLowerCase();
    const known = BILLING_POLICIES.find((policy) => policy === value);
    if (known) billing = known;
    else issue('SAMOCODE_BILLING', billingPicked, `one of ${BILLING_POLICIES.join(', ')}`);
  }
  const prices = pickRaw(sources, 'SAMOCODE_PRICES')?.value.trim();

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
