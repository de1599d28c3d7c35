import { describe, expect, it } from 'vitest';
import { mergeSettings } from '../../src/config/merge-settings.js';
import { SETTINGS } from '../../src/config/setting-catalog.js';
import { buildSettingsView, renderSettingsSection } from '../../src/config/settings-view.js';

const current = Object.fromEntries(
  SETTINGS.map((spec) => [spec.key, { value: spec.fallback, source: 'default' as const }]),
);
const base = {
  current,
  hasRun: false,
  mask: (text: string) => text,
  recordPath: '/s/_settings.json',
};
const first = mergeSettings({
  ...base,
  recorded: undefined,
  flags: { model: 'sonnet', verify: 'npm test', maxCost: '5' },
  now: new Date('2026-01-01T00:00:00.000Z'),
}).record;
const later = mergeSettings({
  ...base,
  recorded: first,
  flags: { model: 'haiku', set: ['SAMOCODE_MAX_COST_USD_DONE=1'] },
  now: new Date('2026-01-02T00:00:00.000Z'),
});
const drift = { ...current, verify: { value: 'true', source: '.samocode' as const } };
const notes = mergeSettings({
  ...base,
  current: drift,
  recorded: later.record,
  flags: {},
  now: new Date(),
}).notes;

describe('the settings section of status', () => {
  it('says a session without a record has none yet', () => {
    expect(buildSettingsView(undefined, '/s/_settings.json')).toEqual({
      isRecorded: false,
      file: '/s/_settings.json',
      note: 'not recorded yet; the next run records the current ones',
    });
    expect(renderSettingsSection(buildSettingsView(undefined, '/s/_settings.json'))).toBe(
      'settings: not recorded yet; the next run records the current ones\n',
    );
  });

  it('carries every value with its source and variable, the changes, and what is not applied, as JSON', () => {
    const view = buildSettingsView(later.record, '/s/_settings.json', notes);
    if (!view.isRecorded) throw new Error('recorded expected');
    expect(Object.keys(view.values)).toEqual(SETTINGS.map((spec) => spec.key));
    expect(view.values['claude.model']).toEqual({ value: 'haiku', source: 'flag', variable: 'CLAUDE_MODEL' });
    expect(view.values.autoApprove).toEqual({ value: false, source: 'default' });
    expect(view.changes.map((change) => change.key)).toEqual(['claude.model', 'maxCost.done']);
    expect(view.notApplied).toEqual([
      "VERIFY in .samocode is now 'true' but this session keeps 'npm test'; pass --verify true to change it",
    ]);
  });

  it('lists the settings in aligned columns, per-phase caps only when set, then changes and what is not applied', () => {
    const text = renderSettingsSection(buildSettingsView(later.record, '/s/_settings.json', notes));
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'settings (kept by the session, recorded when it began, 2026-01-01T00:00:00.000Z; /s/_settings.json):',
    );
    expect(lines).toContain('  claude.model            haiku                                       flag');
    expect(lines).toContain('  maxCost.done            1                                           flag');
    expect(lines).toContain("  verify                  'npm test'                                  flag");
    expect(lines).toContain('  prices                  the built-in table                          default');
    expect(lines).toContain("  phaseModels             none (every phase on the provider's model)  default");
    expect(lines.some((line) => line.startsWith('  maxCost.init'))).toBe(false);
    expect(lines.slice(-3)).toEqual([
      '  changed 2026-01-02T00:00:00.000Z: claude.model sonnet → haiku (by a flag)',
      '  changed 2026-01-02T00:00:00.000Z: maxCost.done none → 1 (by a flag)',
      "  not applied: VERIFY in .samocode is now 'true' but this session keeps 'npm test'; pass --verify true to change it",
    ]);
  });
});
