/**
 * Every key the resolver reads from `.samocode` is known to the `.samocode` reader, and every key
 * the reader knows is read: the list is observed from the resolver itself, not written down twice.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PHASES } from '../../machines/phases.js';
import type { ConfigSources, PathProbe } from '../../src/config/config.js';
import { resolveConfig } from '../../src/config/resolve-config.js';
import { KNOWN_KEYS, parseSamocodeFile } from '../../src/config/samocode-file.js';
import { SETTINGS } from '../../src/config/setting-catalog.js';

const probe: PathProbe = {
  isDirectory: () => true,
  isExecutableFile: () => true,
  which: (name) => `/bin/${name}`,
};

/** The names `resolveConfig` looks up in the `.samocode` values (nothing else set, so it reaches the file for each). */
function keysReadByResolver(): string[] {
  const read = new Set<string>();
  const file = new Proxy<Record<string, string>>(
    {},
    {
      get(target, key) {
        if (typeof key === 'string') read.add(key);
        return Reflect.get(target, key);
      },
    },
  );
  const sources: ConfigSources = { configPath: '/p/.samocode', file, dotenv: {}, env: {}, flags: {}, probe };
  resolveConfig(sources);
  return [...read].sort();
}

describe('the keys of .samocode', () => {
  it('the resolver reads dozens of keys, the caps and stall detectors among them', () => {
    const read = keysReadByResolver();
    expect(read).toContain('SAMOCODE_MAX_COST_USD');
    expect(read).toContain('SAMOCODE_MAX_HOURS_IMPLEMENTATION');
    expect(read.length).toBeGreaterThan(40);
  });

  it('every key the resolver applies is known to the reader: no "unknown key … is ignored" for it', () => {
    const read = keysReadByResolver();
    const text = read.map((key) => `${key}=1`).join('\n');
    expect(parseSamocodeFile(text, '/home/me').warnings).toEqual([]);
  });

  it('every key the reader knows is one the resolver applies', () => {
    expect([...KNOWN_KEYS].sort()).toEqual(keysReadByResolver());
  });

  it.each([
    'SAMOCODE_MAX_COST_USD',
    'SAMOCODE_MAX_TOKENS',
    'SAMOCODE_MAX_HOURS',
    'SAMOCODE_MAX_COST_USD_PLANNING',
    'SAMOCODE_STALL_MINUTES',
    'SAMOCODE_BILLING',
    'SAMOCODE_PRICES',
    'SAMOCODE_INSPECT_PORT',
    'SAMOCODE_DASHBOARD_PORT',
    'SAMOCODE_NO_PROGRESS_ITERATIONS',
  ])('%s in .samocode is not warned about', (key) => {
    expect(parseSamocodeFile(`${key}=1`, '/h').warnings).toEqual([]);
  });
});

describe('the README', () => {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
  const phaseSuffix = new RegExp(`_(${PHASES.map((phase) => phase.toUpperCase()).join('|')})$`);

  it('documents every key the resolver applies (per-phase caps by their <PHASE> form)', () => {
    const missing = KNOWN_KEYS.filter((key) => !phaseSuffix.test(key)).filter(
      (key) => !readme.includes(`\`${key}\``),
    );
    expect(missing).toEqual([]);
    expect(readme).toContain('`SAMOCODE_MAX_COST_USD_<PHASE>`');
  });

  it('lists every setting the session keeps', () => {
    const section = readme.slice(
      readme.indexOf('#### Settings the session keeps'),
      readme.indexOf('### Verified completion'),
    );
    const missing = SETTINGS.map((spec) =>
      spec.key.replace(new RegExp(`\\.(${PHASES.join('|')})$`), '.<phase>'),
    ).filter((key) => !section.includes(`\`${key}\``));
    expect([...new Set(missing)]).toEqual([]);
  });
});
