/**
 * The settings a session keeps in `_settings.json`: each with the variable it is read from (when
 * one exists), the `run` flag that changes it, and its default. Not here, because they belong to
 * the machine or to one run: the folders (`MAIN_REPO`, `WORKTREES`, `SESSIONS`), the CLI paths,
 * Telegram, the ports, `--once`, `--grant` and `--inspect`. Pure.
 */
import { PHASES, type Phase } from '../../machines/phases.js';
import { CAP_FLAGS, CAP_KINDS, type CapKind, capVariable, LIMIT_DEFAULTS } from './limits.js';
import { normalizePhaseModels } from './phase-models.js';
import { VARIABLES } from './schema.js';

export type SettingValue = string | boolean;

/** Where a setting's value came from when it was recorded or last changed. */
export const SETTING_SOURCES = ['flag', '.samocode', '.env', 'environment', 'default'] as const;
export type SettingSource = (typeof SETTING_SOURCES)[number];

export interface SettingSpec {
  readonly key: string;
  /** The `.samocode` / `.env` / environment variable; absent for a setting only a flag sets. */
  readonly variable?: string;
  /** The `run` flag that sets exactly this setting (`--set VARIABLE=…` works for every variable). */
  readonly flag?: string;
  readonly fallback: SettingValue;
  /** What an empty value means. */
  readonly emptyText: string;
  /** Lower-cased when read (names of providers and policies). */
  readonly isCaseless?: boolean;
  /** `none` means empty (no cap, no fallback). */
  readonly isNoneEmpty?: boolean;
  /** An empty value means the default, as the resolver reads it (the stall detectors, billing). */
  readonly isEmptyDefault?: boolean;
  /** Listed only when set (the per-phase caps). */
  readonly isQuietWhenEmpty?: boolean;
  /** A `PHASE=MODEL,…` map, kept in one spelling (`phase-models.ts`), so a reordered map is the same setting. */
  readonly isPhaseMap?: boolean;
}

const fromSchema = (key: string, variable: keyof typeof VARIABLES, rest: Partial<SettingSpec> = {}) => {
  const spec = VARIABLES[variable];
  return { key, variable, fallback: 'fallback' in spec ? spec.fallback : '', emptyText: 'none', ...rest };
};

const CAP_KEY: Readonly<Record<CapKind, string>> = {
  costUsd: 'maxCost',
  tokens: 'maxTokens',
  ms: 'maxHours',
};

const capSpec = (kind: CapKind, phase?: Phase): SettingSpec => ({
  key: phase === undefined ? CAP_KEY[kind] : `${CAP_KEY[kind]}.${phase}`,
  variable: capVariable(kind, phase),
  ...(phase === undefined ? { flag: CAP_FLAGS[kind] } : { isQuietWhenEmpty: true }),
  fallback: '',
  emptyText: 'none',
  isNoneEmpty: true,
});

export const SETTINGS: readonly SettingSpec[] = [
  fromSchema('provider', 'SAMOCODE_PROVIDER', { flag: '--provider', isCaseless: true }),
  fromSchema('claude.model', 'CLAUDE_MODEL'),
  fromSchema('claude.timeout', 'CLAUDE_TIMEOUT'),
  fromSchema('claude.maxTurns', 'CLAUDE_MAX_TURNS'),
  fromSchema('codex.model', 'CODEX_MODEL', { emptyText: "the CLI's default" }),
  fromSchema('codex.timeout', 'CODEX_TIMEOUT'),
  fromSchema('phaseModels', 'SAMOCODE_PHASE_MODELS', {
    flag: '--phase-model',
    emptyText: "none (every phase on the provider's model)",
    isNoneEmpty: true,
    isPhaseMap: true,
  }),
  fromSchema('escalateModel', 'SAMOCODE_ESCALATE_MODEL', {
    flag: '--escalate-model',
    emptyText: 'none (no escalation)',
    isNoneEmpty: true,
  }),
  fromSchema('fallback.provider', 'SAMOCODE_FALLBACK_PROVIDER', {
    flag: '--fallback-provider',
    isCaseless: true,
    isNoneEmpty: true,
  }),
  fromSchema('fallback.after', 'SAMOCODE_FALLBACK_AFTER'),
  fromSchema('fallback.phaseModels', 'SAMOCODE_FALLBACK_PHASE_MODELS', {
    flag: '--fallback-phase-model',
    emptyText: "none (every phase on the fallback's model)",
    isNoneEmpty: true,
    isPhaseMap: true,
  }),
  fromSchema('fallback.escalateModel', 'SAMOCODE_FALLBACK_ESCALATE_MODEL', {
    emptyText: "none (the fallback's phase model)",
    isNoneEmpty: true,
  }),
  fromSchema('retries', 'SAMOCODE_MAX_RETRIES'),
  fromSchema('retryDelay', 'SAMOCODE_RETRY_DELAY'),
  fromSchema('maxSuspend', 'SAMOCODE_MAX_SUSPEND'),
  fromSchema('killGrace', 'SAMOCODE_KILL_GRACE'),
  ...CAP_KINDS.map((kind) => capSpec(kind)),
  ...PHASES.flatMap((phase) => CAP_KINDS.map((kind) => capSpec(kind, phase))),
  fromSchema('verify', 'VERIFY', { flag: '--verify' }),
  fromSchema('verifyTimeout', 'SAMOCODE_VERIFY_TIMEOUT'),
  { key: 'push', flag: '--push', fallback: false, emptyText: 'no' },
  { key: 'autoApprove', flag: '--auto-approve', fallback: false, emptyText: 'no' },
  { key: 'wait', flag: '--wait', fallback: false, emptyText: 'no' },
  {
    key: 'stallMinutes',
    variable: 'SAMOCODE_STALL_MINUTES',
    fallback: LIMIT_DEFAULTS.SAMOCODE_STALL_MINUTES,
    emptyText: 'off',
    isEmptyDefault: true,
  },
  {
    key: 'noProgressIterations',
    variable: 'SAMOCODE_NO_PROGRESS_ITERATIONS',
    fallback: LIMIT_DEFAULTS.SAMOCODE_NO_PROGRESS_ITERATIONS,
    emptyText: 'off',
    isEmptyDefault: true,
  },
  {
    key: 'billing',
    variable: 'SAMOCODE_BILLING',
    fallback: LIMIT_DEFAULTS.SAMOCODE_BILLING,
    emptyText: 'any',
    isCaseless: true,
    isEmptyDefault: true,
  },
  {
    key: 'prices',
    variable: 'SAMOCODE_PRICES',
    fallback: LIMIT_DEFAULTS.SAMOCODE_PRICES,
    emptyText: 'the built-in table',
  },
  fromSchema('branchPrefix', 'GIT_BRANCH_PREFIX'),
  { key: 'dive', flag: '--dive', fallback: '', emptyText: 'none' },
  { key: 'task', flag: '--task', fallback: '', emptyText: 'none' },
];

/** The spec of a setting key or variable name, if it is a session setting. */
export function findSetting(keyOrVariable: string): SettingSpec | undefined {
  return SETTINGS.find((spec) => spec.key === keyOrVariable || spec.variable === keyOrVariable);
}

/**
 * A text value as the session keeps it: trimmed, lower-cased for names, `none` as empty.
 *
 * @example
 * normalizeSetting(findSetting('fallback.provider'), ' None ') // ''
 */
export function normalizeSetting(spec: SettingSpec, text: string): string {
  const trimmed = text.trim();
  const cased = spec.isCaseless ? trimmed.toLowerCase() : trimmed;
  if (spec.isNoneEmpty && cased.toLowerCase() === 'none') return '';
  return spec.isPhaseMap ? normalizePhaseModels(cased) : cased;
}
