/** What `.samocode`, `.env`, the environment and the defaults give for each session setting now. Pure. */
import type { ConfigSources } from './config.js';
import { pickValue } from './pick-value.js';
import { normalizeSetting, SETTINGS, type SettingSource, type SettingValue } from './setting-catalog.js';

export interface CurrentSetting {
  readonly value: SettingValue;
  readonly source: SettingSource;
}

/**
 * Each setting from the configuration alone: flags and the session's own values are not asked.
 *
 * @example
 * pickCurrentSettings({ ...sources, file: { VERIFY: 'npm test' } }).verify // { value: 'npm test', source: '.samocode' }
 */
export function pickCurrentSettings(sources: ConfigSources): Readonly<Record<string, CurrentSetting>> {
  const configOnly: ConfigSources = { ...sources, flags: {}, sessionValues: {} };
  const current: Record<string, CurrentSetting> = {};
  for (const spec of SETTINGS) {
    const picked = spec.variable === undefined ? undefined : pickValue(configOnly, spec.variable);
    const value = picked === undefined ? undefined : normalizeSetting(spec, picked.value);
    current[spec.key] =
      picked === undefined ||
      value === undefined ||
      (value === '' && spec.isEmptyDefault === true) ||
      picked.source === 'flag' ||
      picked.source === 'session'
        ? { value: spec.fallback, source: 'default' }
        : { value, source: picked.source };
  }
  return current;
}
