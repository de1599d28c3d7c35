/** What a run says about its session's settings: a change by a flag, a config change not applied, a first record. Pure. */
import { quoteShellWord } from '../text/shell-quote.js';
import { findSetting, type SettingSource, type SettingSpec, type SettingValue } from './setting-catalog.js';

export type SettingNote =
  /** A flag of this run changed a recorded setting. */
  | {
      readonly kind: 'changed';
      readonly key: string;
      readonly flag: string;
      readonly from: SettingValue;
      readonly to: SettingValue;
    }
  /** The configuration gives another value than when the setting was recorded; the session keeps its own. */
  | {
      readonly kind: 'notApplied';
      readonly key: string;
      readonly variable: string;
      readonly where: SettingSource;
      readonly now: SettingValue;
      readonly kept: SettingValue;
    }
  /** A new session recorded its settings. */
  | { readonly kind: 'created'; readonly file: string }
  /** A session that ran before samocode recorded settings got the current ones. */
  | { readonly kind: 'adopted'; readonly settings: Readonly<Record<string, SettingValue>> }
  /** Settings the record lacked (written by an older samocode) were taken from the current configuration. */
  | { readonly kind: 'added'; readonly keys: readonly string[] };

/** A value as a person reads it: yes/no, the meaning of empty, quotes where the text needs them. */
export function renderSettingValue(spec: SettingSpec | undefined, value: SettingValue): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (value === '') return spec?.emptyText ?? 'none';
  return quoteShellWord(value);
}

/** A value as configuration text, always quoted: `'npm test'`, `'true'`. */
const renderLiteral = (spec: SettingSpec | undefined, value: SettingValue): string =>
  value === '' ? `empty (${spec?.emptyText ?? 'none'})` : `'${String(value)}'`;

/** The flag that sets `value`: the setting's own flag, or `--set VARIABLE=value`. */
export function toChangeFlag(spec: SettingSpec, value: SettingValue): string {
  // `--phase-model` changes one phase; the whole map is replaced by its variable.
  if (spec.flag !== undefined && typeof value === 'string' && !spec.isPhaseMap)
    return `${spec.flag} ${quoteShellWord(value === '' && spec.isNoneEmpty ? 'none' : value)}`;
  if (typeof value === 'boolean') return value ? (spec.flag ?? '') : `--no-${(spec.flag ?? '').slice(2)}`;
  return `--set ${quoteShellWord(`${spec.variable ?? spec.key}=${value}`)}`;
}

const WHERE: Readonly<Record<SettingSource, string>> = {
  '.samocode': 'in .samocode',
  '.env': 'in .env',
  environment: 'in the environment',
  flag: 'by a flag',
  default: 'unset (default)',
};

/** The settings worth a line when a session is first recorded: the provider and its model, and what differs from the defaults. */
function summarize(settings: Readonly<Record<string, SettingValue>>): string {
  const provider = settings.provider === 'codex' ? 'codex' : 'claude';
  const parts = Object.entries(settings)
    .filter(([key, value]) => {
      const spec = findSetting(key);
      return (
        key === 'provider' || key === `${provider}.model` || (spec !== undefined && value !== spec.fallback)
      );
    })
    .map(([key, value]) => `${key} ${renderSettingValue(findSetting(key), value)}`);
  return `${parts.join(', ')} (the rest are defaults; samocode status lists them all)`;
}

export function renderSettingNote(note: SettingNote): string {
  switch (note.kind) {
    case 'changed': {
      const spec = findSetting(note.key);
      return `${note.key}: ${renderSettingValue(spec, note.from)} → ${renderSettingValue(spec, note.to)}, changed by this run (${note.flag})`;
    }
    case 'notApplied': {
      const spec = findSetting(note.key);
      const change = spec ? toChangeFlag(spec, note.now) : `--set ${note.variable}=…`;
      const now =
        note.where === 'default'
          ? `${note.variable} is now unset (default ${renderLiteral(spec, note.now)})`
          : `${note.variable} ${WHERE[note.where]} is now ${renderLiteral(spec, note.now)}`;
      return `${now} but this session keeps ${renderLiteral(spec, note.kept)}; pass ${change} to change it`;
    }
    case 'created':
      return `recorded this session's settings in ${note.file}: later runs keep them, a flag changes one (samocode status lists them)`;
    case 'adopted':
      return `this session had no recorded settings; recorded the current ones: ${summarize(note.settings)}`;
    case 'added':
      return `recorded settings this session did not have yet, from the current configuration: ${note.keys.join(', ')}`;
  }
}
