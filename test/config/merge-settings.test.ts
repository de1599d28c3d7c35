import { describe, expect, it } from 'vitest';
import type { CurrentSetting } from '../../src/config/current-settings.js';
import type { SessionFlags } from '../../src/config/flag-settings.js';
import { type MergeInput, mergeSettings } from '../../src/config/merge-settings.js';
import type { RecordedSettings } from '../../src/config/recorded-settings.js';
import { SETTINGS, type SettingSource, type SettingValue } from '../../src/config/setting-catalog.js';
import { renderSettingNote } from '../../src/config/setting-notes.js';
import { buildTextCleaner } from '../../src/text/clean-text.js';
import { buildRedactor } from '../../src/text/redact.js';

const NOW = new Date('2026-03-04T05:06:07.000Z');
const EARLIER = '2026-03-01T00:00:00.000Z';

/** The configuration today: defaults, with the given settings from the given source. */
function currentOf(
  over: Record<string, readonly [SettingValue, SettingSource]> = {},
): Record<string, CurrentSetting> {
  const current: Record<string, CurrentSetting> = {};
  for (const spec of SETTINGS) {
    const [value, source] = over[spec.key] ?? [spec.fallback, 'default'];
    current[spec.key] = { value, source };
  }
  return current;
}

/** What a first run with `flags` over `config` records. */
function recordOf(
  config: Record<string, readonly [SettingValue, SettingSource]>,
  flags: SessionFlags = {},
): RecordedSettings {
  return merge({ current: currentOf(config), flags, recorded: undefined, now: new Date(EARLIER) }).record;
}

const mask = buildTextCleaner(buildRedactor());
const merge = (input: Partial<MergeInput>) =>
  mergeSettings({
    recorded: undefined,
    current: currentOf(),
    flags: {},
    hasRun: false,
    mask,
    now: NOW,
    recordPath: '/s/_settings.json',
    ...input,
  });
const said = (input: Partial<MergeInput>) => merge(input).notes.map(renderSettingNote);

describe('mergeSettings: a new session', () => {
  it('records every setting from the configuration with its source, and says where', () => {
    const result = merge({
      current: currentOf({ verify: ['npm test', '.samocode'], maxCost: ['5', '.env'] }),
    });
    expect(result.notes.map(renderSettingNote)).toEqual([
      "recorded this session's settings in /s/_settings.json: later runs keep them, a flag changes one (samocode status lists them)",
    ]);
    expect(result.shouldWrite).toBe(true);
    expect(result.record).toMatchObject({
      v: 1,
      recordedAt: NOW.toISOString(),
      origin: 'created',
      changes: [],
    });
    expect(Object.keys(result.record.settings)).toEqual(SETTINGS.map((spec) => spec.key));
    expect(result.record.settings.verify).toEqual({ value: 'npm test', source: '.samocode' });
    expect(result.record.settings.maxCost).toEqual({ value: '5', source: '.env' });
    expect(result.record.settings['claude.model']).toEqual({ value: 'opus', source: 'default' });
    expect(result.effective.verify).toEqual({ value: 'npm test', source: '.samocode' });
  });

  it('takes flags over the configuration and keeps what the configuration said as the baseline', () => {
    const result = merge({
      flags: {
        model: 'sonnet',
        timeout: '120',
        maxCost: '0.02',
        autoApprove: true,
        fallbackProvider: 'codex',
      },
    });
    expect(result.notes.map((note) => note.kind)).toEqual(['created']);
    expect(result.record.settings['claude.model']).toEqual({
      value: 'sonnet',
      source: 'flag',
      baseline: 'opus',
    });
    expect(result.record.settings['claude.timeout']).toEqual({
      value: '120',
      source: 'flag',
      baseline: '1800',
    });
    expect(result.record.settings['codex.timeout']).toEqual({
      value: '120',
      source: 'flag',
      baseline: '1800',
    });
    expect(result.record.settings.autoApprove).toEqual({ value: true, source: 'flag', baseline: false });
    expect(result.record.settings['fallback.provider']).toEqual({
      value: 'codex',
      source: 'flag',
      baseline: '',
    });
    expect(result.effective.maxCost).toEqual({ value: '0.02', source: 'flag' });
  });
});

describe('mergeSettings: a session with recorded settings', () => {
  const recorded = recordOf(
    { verify: ['npm test', '.samocode'] },
    { model: 'sonnet', maxCost: '0.02', autoApprove: true, task: 'Add a login form' },
  );

  it('keeps every recorded value when run without flags, says nothing and writes nothing', () => {
    const result = merge({
      recorded,
      current: currentOf({ verify: ['npm test', '.samocode'] }),
      hasRun: true,
    });
    expect(result.notes).toEqual([]);
    expect(result.shouldWrite).toBe(false);
    expect(result.effective['claude.model']).toEqual({ value: 'sonnet', source: 'session' });
    expect(result.effective.maxCost).toEqual({ value: '0.02', source: 'session' });
    expect(result.effective.autoApprove).toEqual({ value: true, source: 'session' });
    expect(result.effective.task).toEqual({ value: 'Add a login form', source: 'session' });
    expect(result.record).toEqual(recorded);
  });

  it.each<[string, Record<string, readonly [SettingValue, SettingSource]>, string]>([
    [
      'VERIFY appended to .samocode',
      { verify: ['true', '.samocode'] },
      "VERIFY in .samocode is now 'true' but this session keeps 'npm test'; pass --verify true to change it",
    ],
    [
      'a cap raised in the environment',
      { verify: ['npm test', '.samocode'], maxCost: ['100', 'environment'] },
      "SAMOCODE_MAX_COST_USD in the environment is now '100' but this session keeps '0.02'; pass --max-cost 100 to change it",
    ],
    [
      'a line removed from .samocode',
      {},
      "VERIFY is now unset (default empty (none)) but this session keeps 'npm test'; pass --verify '' to change it",
    ],
    [
      'a retry count in .env, a setting with no flag of its own',
      { verify: ['npm test', '.samocode'], retries: ['9', '.env'] },
      "SAMOCODE_MAX_RETRIES in .env is now '9' but this session keeps '3'; pass --set SAMOCODE_MAX_RETRIES=9 to change it",
    ],
    [
      'the model, which a flag had set',
      { verify: ['npm test', '.samocode'], 'claude.model': ['haiku', '.samocode'] },
      "CLAUDE_MODEL in .samocode is now 'haiku' but this session keeps 'sonnet'; pass --set CLAUDE_MODEL=haiku to change it",
    ],
  ])('reports %s and does not apply it', (_, config, sentence) => {
    const result = merge({ recorded, current: currentOf(config), hasRun: true });
    expect(result.notes.map(renderSettingNote)).toEqual([sentence]);
    expect(result.shouldWrite).toBe(false);
    expect(result.effective.verify?.value).toBe('npm test');
    expect(result.effective.maxCost?.value).toBe('0.02');
    expect(result.effective['claude.model']?.value).toBe('sonnet');
    expect(result.effective.retries?.value).toBe('3');
  });

  it('says nothing about a configuration that still gives what it gave when the session began', () => {
    // The flag set the model to sonnet while .samocode said opus; .samocode still says opus.
    expect(said({ recorded, current: currentOf({ verify: ['npm test', '.samocode'] }) })).toEqual([]);
  });

  it.each<[string, SessionFlags, string, string, SettingValue]>([
    [
      '--model',
      { model: 'haiku' },
      'claude.model: sonnet → haiku, changed by this run (--model)',
      'claude.model',
      'haiku',
    ],
    [
      '--max-cost none',
      { maxCost: 'none' },
      'maxCost: 0.02 → none, changed by this run (--max-cost)',
      'maxCost',
      '',
    ],
    [
      '--verify ""',
      { verify: '' },
      "verify: 'npm test' → none, changed by this run (--verify)",
      'verify',
      '',
    ],
    [
      '--no-auto-approve',
      { autoApprove: false },
      'autoApprove: yes → no, changed by this run (--no-auto-approve)',
      'autoApprove',
      false,
    ],
    [
      '--set',
      { set: ['SAMOCODE_MAX_RETRIES=5'] },
      'retries: 3 → 5, changed by this run (--set SAMOCODE_MAX_RETRIES)',
      'retries',
      '5',
    ],
    ['--fallback-provider NONE', { fallbackProvider: 'NONE' }, '', 'fallback.provider', ''],
  ])('%s changes the setting, logs the change and says so', (_, flags, sentence, key, value) => {
    const result = merge({ recorded, current: currentOf({ verify: ['npm test', '.samocode'] }), flags });
    expect(result.notes.map(renderSettingNote)).toEqual(sentence === '' ? [] : [sentence]);
    expect(result.effective[key]).toEqual({ value, source: 'flag' });
    expect(result.record.settings[key]?.value).toBe(value);
    expect(result.shouldWrite).toBe(sentence !== '');
    expect(result.record.changes).toEqual(
      sentence === ''
        ? []
        : [{ time: NOW.toISOString(), key, from: recorded.settings[key]?.value, to: value, by: 'flag' }],
    );
  });

  it('keeps the change log across runs and reports a value changed back by a flag', () => {
    const first = merge({
      recorded,
      flags: { model: 'haiku' },
      current: currentOf({ verify: ['npm test', '.samocode'] }),
    });
    const second = merge({
      recorded: first.record,
      flags: { model: 'sonnet' },
      current: currentOf({ verify: ['npm test', '.samocode'] }),
    });
    expect(second.record.changes.map((change) => [change.from, change.to])).toEqual([
      ['sonnet', 'haiku'],
      ['haiku', 'sonnet'],
    ]);
  });

  it('--model sets the model of the provider the session runs on', () => {
    const codex = recordOf({}, { provider: 'codex' });
    const result = merge({ recorded: codex, flags: { model: 'gpt-5' } });
    expect(result.effective['codex.model']).toEqual({ value: 'gpt-5', source: 'flag' });
    expect(result.effective['claude.model']).toEqual({ value: 'opus', source: 'session' });
    const switched = merge({ recorded: codex, flags: { provider: 'claude', model: 'sonnet' } });
    expect(switched.effective['claude.model']).toEqual({ value: 'sonnet', source: 'flag' });
  });

  it('takes a setting an older record lacks from the configuration and says which', () => {
    const { retries: _, ...older } = recorded.settings;
    const result = merge({
      recorded: { ...recorded, settings: older },
      current: currentOf({ verify: ['npm test', '.samocode'], retries: ['4', '.samocode'] }),
    });
    expect(result.effective.retries).toEqual({ value: '4', source: '.samocode' });
    expect(result.notes.map(renderSettingNote)).toEqual([
      'recorded settings this session did not have yet, from the current configuration: retries',
    ]);
    expect(result.shouldWrite).toBe(true);
  });

  it('refuses a recorded value of the wrong type, naming the file and the flag that sets it again', () => {
    const broken = {
      ...recorded,
      settings: { ...recorded.settings, autoApprove: { value: 'yes', source: 'flag' as const } },
    };
    expect(merge({ recorded: broken }).issues).toEqual([
      {
        key: 'autoApprove in /s/_settings.json',
        received: 'yes',
        expected: 'true or false',
        fix: 'pass --auto-approve to set it again, or correct the file',
      },
    ]);
    const replaced = merge({ recorded: broken, flags: { autoApprove: false } });
    expect(replaced.issues).toEqual([]);
    expect(replaced.shouldWrite).toBe(true);
    expect(replaced.record.settings.autoApprove).toEqual({ value: false, source: 'flag' });
  });
});

describe('mergeSettings: a session that ran before settings were recorded', () => {
  it('records the current ones and says so, listing what differs from the defaults', () => {
    const result = merge({
      hasRun: true,
      current: currentOf({ maxCost: ['5', '.samocode'] }),
      flags: { push: true },
    });
    expect(result.record.origin).toBe('adopted');
    expect(result.shouldWrite).toBe(true);
    expect(result.notes.map(renderSettingNote)).toEqual([
      'this session had no recorded settings; recorded the current ones: provider claude, claude.model opus, maxCost 5, push yes (the rest are defaults; samocode status lists them all)',
    ]);
  });
});

describe('mergeSettings: flags', () => {
  it.each<[SessionFlags, string]>([
    [
      { set: ['MAIN_REPO=/x'] },
      'MAIN_REPO is not kept by the session (it is read from .samocode, .env or the environment on every run); change it there',
    ],
    [{ set: ['NOPE=1'] }, 'name the variable as the README lists it, then = and the value'],
    [{ set: ['SAMOCODE_MAX_RETRIES'] }, 'write it as --set SAMOCODE_MAX_RETRIES=<value>'],
    [{ model: 'a', set: ['CLAUDE_MODEL=b'] }, '--model already sets it to "a"; pass one of the two'],
    [{ model: ' ' }, 'pass a model name to --model'],
  ])('%j is an issue: %s', (flags, fix) => {
    expect(merge({ flags }).issues.map((issue) => issue.fix)).toEqual([fix]);
  });
});

describe('mergeSettings: secrets', () => {
  const secretCommand = 'curl -H "Authorization: Bearer abcdefgh12345678" http://127.0.0.1/check';

  it('stores a verify command with its secret masked, and runs the real one while the configuration still gives it', () => {
    const config = { verify: [secretCommand, '.samocode'] } as const;
    const first = merge({ current: currentOf(config) });
    expect(first.record.settings.verify).toEqual({
      value: 'curl -H "Authorization: [redacted]" http://127.0.0.1/check',
      source: '.samocode',
      isMasked: true,
    });
    expect(JSON.stringify(first.record)).not.toContain('abcdefgh12345678');
    expect(first.effective.verify?.value).toBe(secretCommand);
    const again = merge({ recorded: first.record, current: currentOf(config) });
    expect(again.issues).toEqual([]);
    expect(again.effective.verify).toEqual({ value: secretCommand, source: 'session' });
  });

  it('refuses to run when the secret it did not store can no longer be taken from the configuration', () => {
    const first = merge({ current: currentOf({ verify: [secretCommand, '.samocode'] }) });
    const changed = merge({ recorded: first.record, current: currentOf({ verify: ['true', '.samocode'] }) });
    expect(changed.issues.map((issue) => issue.key)).toEqual(['VERIFY']);
    expect(changed.issues[0]?.fix).toBe(
      'the configuration no longer gives the same value; pass --verify… with the full value again',
    );
    const byFlag = merge({ recorded: first.record, current: currentOf(), flags: { verify: secretCommand } });
    expect(byFlag.issues).toEqual([]);
    expect(byFlag.effective.verify).toEqual({ value: secretCommand, source: 'flag' });
  });
});
