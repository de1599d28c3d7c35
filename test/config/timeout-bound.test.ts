import { describe, expect, it } from 'vitest';
import type { ConfigSources, PathProbe } from '../../src/config/config.js';
import { renderConfigIssues, resolveConfig } from '../../src/config/resolve-config.js';
import { MAX_TIMEOUT_S } from '../../src/config/schema.js';

const dirs = new Set(['/p/repo', '/p/wt', '/p/sess']);
const probe: PathProbe = {
  isDirectory: (path) => dirs.has(path),
  isExecutableFile: () => false,
  which: (name) => (name === 'claude' || name === 'codex' ? `/usr/bin/${name}` : undefined),
};
const file = { MAIN_REPO: '/p/repo', WORKTREES: '/p/wt', SESSIONS: '/p/sess' };
const sources = (over: Partial<ConfigSources>): ConfigSources => ({
  configPath: '/p/.samocode',
  file,
  dotenv: {},
  env: {},
  flags: {},
  probe,
  ...over,
});

describe('the provider timeout bound (Node timers overflow past 2^31 - 1 ms)', () => {
  it('accepts the longest timeout a timer holds', () => {
    const result = resolveConfig(sources({ flags: { timeout: String(MAX_TIMEOUT_S) } }));
    if (!result.ok) throw new Error(renderConfigIssues(result.issues));
    expect(result.config.timeoutS).toBe(2_147_483);
    expect(result.config.timeoutS * 1000).toBeLessThanOrEqual(2 ** 31 - 1);
  });

  it.each([
    ['--timeout', { flags: { timeout: '2147484' } }],
    ['CLAUDE_TIMEOUT', { env: { CLAUDE_TIMEOUT: '99999999999' } }],
    ['CODEX_TIMEOUT', { env: { CODEX_TIMEOUT: '2147484' } }],
  ] as const)('refuses %s past it, naming the range', (key, over) => {
    const result = resolveConfig(sources(over));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => issue.key)).toEqual([key]);
    expect(renderConfigIssues(result.issues)).toContain('a whole number from 1 to 2147483 (about 24 days)');
  });
});
