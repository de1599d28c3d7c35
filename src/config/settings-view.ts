/** The `settings` section of `status` (text and JSON) and of `ls --json`: what the session keeps, and where from. Pure. */
import type { RecordedSettings, SettingChange } from './recorded-settings.js';
import { findSetting, SETTINGS, type SettingSource, type SettingValue } from './setting-catalog.js';
import { renderSettingNote, renderSettingValue, type SettingNote } from './setting-notes.js';

export interface SettingsViewValue {
  readonly value: SettingValue;
  readonly source: SettingSource;
  /** The `.samocode` / environment variable it is read from, if any. */
  readonly variable?: string;
  /** Stored with a secret or control character cleaned out. */
  readonly isMasked?: true;
}

export type SettingsView =
  | {
      readonly isRecorded: true;
      readonly file: string;
      readonly recordedAt: string;
      readonly origin: RecordedSettings['origin'];
      readonly values: Readonly<Record<string, SettingsViewValue>>;
      readonly changes: readonly SettingChange[];
      /** Configuration changes since the session began that it does not apply, as sentences. */
      readonly notApplied: readonly string[];
    }
  | { readonly isRecorded: false; readonly file: string; readonly note: string };

export const NOT_RECORDED = 'not recorded yet; the next run records the current ones';

export function buildSettingsView(
  recorded: RecordedSettings | undefined,
  file: string,
  notes: readonly SettingNote[] = [],
): SettingsView {
  if (recorded === undefined) return { isRecorded: false, file, note: NOT_RECORDED };
  const values: Record<string, SettingsViewValue> = {};
  for (const [key, entry] of Object.entries(recorded.settings)) {
    const variable = findSetting(key)?.variable;
    values[key] = {
      value: entry.value,
      source: entry.source,
      ...(variable ? { variable } : {}),
      ...(entry.isMasked ? { isMasked: true } : {}),
    };
  }
  return {
    isRecorded: true,
    file,
    recordedAt: recorded.recordedAt,
    origin: recorded.origin,
    values,
    changes: recorded.changes,
    notApplied: notes.filter((note) => note.kind === 'notApplied').map(renderSettingNote),
  };
}

const CHANGES_SHOWN = 5;

export function renderSettingsSection(view: SettingsView): string {
  if (!view.isRecorded) return `settings: ${view.note}\n`;
  const how = view.origin === 'adopted' ? 'recorded at a run after it began' : 'recorded when it began';
  const lines = [`settings (kept by the session, ${how}, ${view.recordedAt}; ${view.file}):`];
  const shown = SETTINGS.filter((spec) => {
    const value = view.values[spec.key];
    return value !== undefined && !(spec.isQuietWhenEmpty && value.value === '');
  });
  const rows = shown.map((spec) => {
    const entry = view.values[spec.key];
    const value = entry
      ? `${renderSettingValue(spec, entry.value)}${entry.isMasked ? ' (secret not stored)' : ''}`
      : '';
    return { key: spec.key, value, source: entry?.source ?? '' };
  });
  const keyWidth = Math.max(...rows.map((row) => row.key.length));
  const valueWidth = Math.max(...rows.map((row) => row.value.length));
  for (const row of rows)
    lines.push(`  ${row.key.padEnd(keyWidth)}  ${row.value.padEnd(valueWidth)}  ${row.source}`);
  for (const change of view.changes.slice(-CHANGES_SHOWN)) {
    const spec = findSetting(change.key);
    lines.push(
      `  changed ${change.time}: ${change.key} ${renderSettingValue(spec, change.from)} → ${renderSettingValue(spec, change.to)} (by a flag)`,
    );
  }
  if (view.changes.length > CHANGES_SHOWN)
    lines.push(`  (${view.changes.length - CHANGES_SHOWN} earlier change(s) in ${view.file})`);
  for (const sentence of view.notApplied) lines.push(`  not applied: ${sentence}`);
  return `${lines.join('\n')}\n`;
}
