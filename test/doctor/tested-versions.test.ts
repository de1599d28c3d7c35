import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compareVersions,
  isTestedVersion,
  parseCliVersion,
  TESTED_CLI_VERSIONS,
} from '../../src/doctor/tested-versions.js';

describe('tested CLI versions', () => {
  it('reads the version from each CLI’s --version line', () => {
    expect(parseCliVersion('2.1.332 (Claude Code)')).toBe('2.1.332');
    expect(parseCliVersion('codex-cli 0.171.0')).toBe('0.171.0');
    expect(parseCliVersion('hello')).toBeUndefined();
  });

  it('compares versions numerically, not as text', () => {
    expect(compareVersions('2.1.197', '2.1.332')).toBe(-1);
    expect(compareVersions('2.1.1000', '2.1.332')).toBe(1);
    expect(compareVersions('0.171.0', '0.171.0')).toBe(0);
  });

  it.each([
    ['claude', '2.1.196', false],
    ['claude', '2.1.197', true],
    ['claude', '2.1.332', true],
    ['claude', '2.1.333', false],
    ['codex', '0.169.0', true],
    ['codex', '0.172.0', false],
  ] as const)('%s %s tested: %s', (provider, version, expected) => {
    expect(isTestedVersion(provider, version)).toBe(expected);
  });

  it('matches the versions docs/COMPATIBILITY.md records', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../docs/COMPATIBILITY.md'), 'utf8');
    for (const [provider, range] of Object.entries(TESTED_CLI_VERSIONS)) {
      expect(doc).toContain(`${provider} ${range.oldest}`);
      expect(doc).toContain(`${provider} ${range.newest}`);
    }
  });
});
