/**
 * The settings a run uses: a flag of this run beats what the session recorded, which beats the
 * current configuration (read only for a session with nothing recorded yet, or for a setting the
 * record lacks). Returns what to run with, the record to write and what to say. Pure.
 */
import type { ConfigIssue } from './config.js';
import type { CurrentSetting } from './current-settings.js';
import { buildFlagSettings, type SessionFlags } from './flag-settings.js';
import { overlayPhaseModels } from './phase-models.js';
import type { ValueSource } from './pick-value.js';
import type { RecordedSetting, RecordedSettings, SettingChange } from './recorded-settings.js';
import { SETTINGS, type SettingSource, type SettingSpec, type SettingValue } from './setting-catalog.js';
import type { SettingNote } from './setting-notes.js';

export interface MergeInput {
  readonly recorded: RecordedSettings | undefined;
  readonly current: Readonly<Record<string, CurrentSetting>>;
  readonly flags: SessionFlags;
  /** The session ran before (it has a state or a history): a missing record is then said. */
  readonly hasRun: boolean;
  /** How a value is stored and shown: secrets redacted, control characters neutralised. */
  readonly mask: (text: string) => string;
  readonly now: Date;
  /** Names the record in messages. */
  readonly recordPath: string;
}

export interface EffectiveSetting {
  readonly value: SettingValue;
  /** `flag` (this run), `session` (kept from the record), or where a first record took it from. */
  readonly source: ValueSource;
}

export interface MergedSettings {
  readonly effective: Readonly<Record<string, EffectiveSetting>>;
  readonly record: RecordedSettings;
  readonly notes: readonly SettingNote[];
  readonly issues: readonly ConfigIssue[];
  /** The record is new, or differs from the one read. */
  readonly shouldWrite: boolean;
}

const textOf = (value: SettingValue | undefined): string | undefined =>
  typeof value === 'string' ? value : undefined;

export function mergeSettings(input: MergeInput): MergedSettings {
  const { recorded, current, mask } = input;
  const store = (value: SettingValue): SettingValue => (typeof value === 'string' ? mask(value) : value);
  const toRecorded = (
    value: SettingValue,
    source: SettingSource,
    baseline: SettingValue,
  ): RecordedSetting => ({
    value: store(value),
    source,
    ...(store(baseline) === store(value) ? {} : { baseline: store(baseline) }),
    ...(store(value) === value ? {} : { isMasked: true }),
  });
  const recordedProvider = recorded?.settings.provider?.isMasked ? undefined : recorded?.settings.provider;
  const provider =
    input.flags.provider?.trim().toLowerCase() ??
    textOf(recordedProvider?.value) ??
    textOf(current.provider?.value) ??
    'claude';
  const flags = buildFlagSettings(input.flags, provider);
  // A flag's value for a setting; `--phase-model` pairs are laid over the map the session has (or `--set` gives).
  const flagFor = (key: string, base: SettingValue): SettingValue | undefined => {
    const given = flags.values[key];
    const overlay = flags.overlays[key];
    if (overlay === undefined) return given;
    return overlayPhaseModels(textOf(given) ?? textOf(base) ?? '', overlay);
  };
  const issues: ConfigIssue[] = [...flags.issues];
  const time = input.now.toISOString();
  const settings: Record<string, RecordedSetting> = { ...recorded?.settings };
  const effective: Record<string, EffectiveSetting> = {};
  const changes: SettingChange[] = [...(recorded?.changes ?? [])];
  const notes: SettingNote[] = [];
  const added: string[] = [];

  for (const spec of SETTINGS) {
    const now = current[spec.key] ?? { value: spec.fallback, source: 'default' as const };
    const kept = recorded?.settings[spec.key];
    const flag = flagFor(spec.key, kept?.value ?? now.value);
    if (kept === undefined) {
      const value = flag ?? now.value;
      settings[spec.key] = toRecorded(value, flag === undefined ? now.source : 'flag', now.value);
      effective[spec.key] = { value, source: flag === undefined ? now.source : 'flag' };
      if (recorded !== undefined) added.push(spec.key);
      continue;
    }
    // A value of the wrong type (a hand-edited file) is refused unless a flag replaces it.
    if (typeof kept.value !== typeof spec.fallback && flag === undefined) {
      issues.push(badRecord(spec, kept.value, input.recordPath));
      continue;
    }
    if (flag !== undefined) {
      effective[spec.key] = { value: flag, source: 'flag' };
      if (store(flag) === kept.value) continue;
      const before = kept.baseline ?? kept.value;
      const next = toRecorded(flag, 'flag', typeof before === typeof spec.fallback ? before : now.value);
      settings[spec.key] = next;
      changes.push({ time, key: spec.key, from: kept.value, to: next.value, by: 'flag' });
      notes.push({
        kind: 'changed',
        key: spec.key,
        flag: flags.flagOf[spec.key] ?? spec.flag ?? '',
        from: kept.value,
        to: next.value,
      });
      continue;
    }
    const nowStored = store(now.value);
    if (kept.isMasked && nowStored !== kept.value) issues.push(lostSecret(spec, input.recordPath));
    // A masked value is taken again from the configuration while it still gives the same text.
    const isSame = kept.isMasked === true && nowStored === kept.value;
    effective[spec.key] = { value: isSame ? now.value : kept.value, source: 'session' };
    if (
      spec.variable !== undefined &&
      nowStored !== (kept.baseline ?? kept.value) &&
      nowStored !== kept.value
    ) {
      notes.push({
        kind: 'notApplied',
        key: spec.key,
        variable: spec.variable,
        where: now.source,
        now: nowStored,
        kept: kept.value,
      });
    }
  }

  const isAdopted = recorded === undefined && input.hasRun;
  if (isAdopted)
    notes.unshift({
      kind: 'adopted',
      settings: Object.fromEntries(Object.entries(settings).map(([key, entry]) => [key, entry.value])),
    });
  if (recorded === undefined && !isAdopted) notes.push({ kind: 'created', file: input.recordPath });
  if (added.length > 0) notes.push({ kind: 'added', keys: added });
  const record: RecordedSettings = {
    v: 1,
    recordedAt: recorded?.recordedAt ?? time,
    origin: recorded?.origin ?? (isAdopted ? 'adopted' : 'created'),
    settings,
    changes,
  };
  const shouldWrite = recorded === undefined || added.length > 0 || changes.length > recorded.changes.length;
  return { effective, record, notes, issues, shouldWrite };
}

function badRecord(spec: SettingSpec, value: SettingValue, recordPath: string): ConfigIssue {
  return {
    key: `${spec.key} in ${recordPath}`,
    received: String(value),
    expected: typeof spec.fallback === 'boolean' ? 'true or false' : 'a text value',
    fix: `pass ${spec.flag ?? `--set ${spec.variable}=<value>`} to set it again, or correct the file`,
  };
}

function lostSecret(spec: SettingSpec, recordPath: string): ConfigIssue {
  const flag = spec.flag ?? `--set ${spec.variable}=`;
  return {
    key: spec.variable ?? spec.key,
    received: undefined,
    expected: `the value this session keeps in ${recordPath}, which held a secret that samocode does not store`,
    fix: `the configuration no longer gives the same value; pass ${flag}… with the full value again`,
  };
}
