/**
 * The session settings a `run` sets by its flags: the dedicated ones (`--model`, `--max-cost`,
 * `--no-auto-approve` …) and `--set VARIABLE=value` for any setting read from a variable. Pure.
 */

import { PHASES, type Phase } from '../../machines/phases.js';
import type { ConfigIssue } from './config.js';
import { type PhaseModels, parsePhaseModelPair } from './phase-models.js';
import { KNOWN_KEYS } from './samocode-file.js';
import { findSetting, normalizeSetting, SETTINGS, type SettingValue } from './setting-catalog.js';

/** The flags of `run` (and the what-if flags of `plan`) that set session settings. */
export interface SessionFlags {
  readonly provider?: string;
  readonly fallbackProvider?: string;
  readonly model?: string;
  readonly timeout?: string;
  readonly verify?: string;
  readonly maxCost?: string;
  readonly maxTokens?: string;
  readonly maxHours?: string;
  readonly autoApprove?: boolean;
  /** `--wait`: stay alive at a human gate until it is decided. */
  readonly wait?: boolean;
  readonly push?: boolean;
  readonly dive?: string;
  readonly task?: string;
  /** `--phase-model PHASE=MODEL`, repeatable: one phase of the primary's map each. */
  readonly phaseModel?: readonly string[];
  /** `--fallback-phase-model PHASE=MODEL`, repeatable: the fallback provider's map. */
  readonly fallbackPhaseModel?: readonly string[];
  readonly escalateModel?: string;
  /** `--set VARIABLE=value`, repeatable. */
  readonly set?: readonly string[];
}

export interface FlagSettings {
  /** Setting key → value, normalized as the session keeps it. */
  readonly values: Readonly<Record<string, SettingValue>>;
  /** The flag that set each key, for messages. */
  readonly flagOf: Readonly<Record<string, string>>;
  /** Phase-map key → the pairs `--phase-model` lays over the map the session has (or `--set` gives). */
  readonly overlays: Readonly<Record<string, PhaseModels>>;
  readonly issues: readonly ConfigIssue[];
}

/** The repeatable flags that change one phase of a phase-model map, by the setting they change. */
const PHASE_MODEL_FLAGS = [
  { key: 'phaseModels', flag: '--phase-model', field: 'phaseModel' },
  { key: 'fallback.phaseModels', flag: '--fallback-phase-model', field: 'fallbackPhaseModel' },
] as const;

const SET_USAGE = 'VARIABLE=value, the variable of a session setting (e.g. --set SAMOCODE_MAX_RETRIES=5)';

/**
 * Reads the flags; `provider` is the session's provider after them, whose model `--model` sets.
 *
 * @example
 * buildFlagSettings({ model: 'sonnet', timeout: '120' }, 'claude').values
 * // { 'claude.model': 'sonnet', 'claude.timeout': '120', 'codex.timeout': '120' }
 */
export function buildFlagSettings(flags: SessionFlags, provider: string): FlagSettings {
  const values: Record<string, SettingValue> = {};
  const flagOf: Record<string, string> = {};
  const issues: ConfigIssue[] = [];
  const put = (key: string, raw: SettingValue, flag: string): void => {
    const spec = findSetting(key);
    if (spec === undefined) return;
    const value = typeof raw === 'string' ? normalizeSetting(spec, raw) : raw;
    const earlier = values[key];
    if (earlier !== undefined && earlier !== value) {
      issues.push({
        key: flag,
        received: String(raw),
        expected: `one value for ${spec.variable ?? key}`,
        fix: `${flagOf[key]} already sets it to "${String(earlier)}"; pass one of the two`,
      });
      return;
    }
    values[key] = value;
    flagOf[key] = flag;
  };

  if (flags.provider !== undefined) put('provider', flags.provider, '--provider');
  if (flags.model !== undefined) {
    if (flags.model.trim() === '')
      issues.push({
        key: '--model',
        received: '',
        expected: 'a model name',
        fix: 'pass a model name to --model',
      });
    else put(provider === 'codex' ? 'codex.model' : 'claude.model', flags.model, '--model');
  }
  if (flags.timeout !== undefined) {
    put('claude.timeout', flags.timeout, '--timeout');
    put('codex.timeout', flags.timeout, '--timeout');
  }
  for (const spec of SETTINGS) {
    const raw = dedicatedValue(spec.key, flags);
    if (spec.flag === undefined || raw === undefined) continue;
    put(spec.key, raw, raw === false ? `--no-${spec.flag.slice(2)}` : spec.flag);
  }
  for (const item of flags.set ?? []) {
    const at = item.indexOf('=');
    const name = (at < 0 ? item : item.slice(0, at)).trim();
    const spec = findSetting(name);
    if (at <= 0 || spec?.variable !== name) {
      issues.push({
        key: '--set',
        received: item,
        expected: SET_USAGE,
        fix: setFix(name, at, spec?.variable === name),
      });
      continue;
    }
    put(spec.key, item.slice(at + 1), `--set ${name}`);
  }
  const overlays: Record<string, PhaseModels> = {};
  for (const { key, flag, field } of PHASE_MODEL_FLAGS) {
    const pairs: Partial<Record<Phase, string>> = {};
    for (const item of flags[field] ?? []) {
      const parsed = parsePhaseModelPair(item);
      if ('problem' in parsed) {
        issues.push({
          key: flag,
          received: item,
          expected: `one PHASE=MODEL pair per ${flag}, the phase one of ${PHASES.join(', ')}; this one ${parsed.problem}`,
          fix: `pass ${flag} PHASE=MODEL, e.g. ${flag} planning=opus`,
        });
      } else if (pairs[parsed.phase] !== undefined && pairs[parsed.phase] !== parsed.model) {
        issues.push({
          key: flag,
          received: item,
          expected: `one model for ${parsed.phase}`,
          fix: `${flag} ${parsed.phase}=${pairs[parsed.phase]} already sets it; pass one of the two`,
        });
      } else {
        pairs[parsed.phase] = parsed.model;
      }
    }
    if (Object.keys(pairs).length > 0) {
      overlays[key] = pairs;
      flagOf[key] = flag;
    }
  }
  return { values, flagOf, overlays, issues };
}

function setFix(name: string, at: number, isSetting: boolean): string {
  if (at < 0 && isSetting) return `write it as --set ${name}=<value>`;
  if (KNOWN_KEYS.includes(name))
    return `${name} is not kept by the session (it is read from .samocode, .env or the environment on every run); change it there`;
  return 'name the variable as the README lists it, then = and the value';
}

function dedicatedValue(key: string, flags: SessionFlags): SettingValue | undefined {
  switch (key) {
    case 'fallback.provider':
      return flags.fallbackProvider;
    case 'verify':
      return flags.verify;
    case 'maxCost':
      return flags.maxCost;
    case 'maxTokens':
      return flags.maxTokens;
    case 'maxHours':
      return flags.maxHours;
    case 'autoApprove':
      return flags.autoApprove;
    case 'wait':
      return flags.wait;
    case 'push':
      return flags.push;
    case 'dive':
      return flags.dive;
    case 'task':
      return flags.task;
    case 'escalateModel':
      return flags.escalateModel;
    default:
      return undefined;
  }
}
