import { describe, expect, it } from 'vitest';
import type { ConfigSources, PathProbe } from '../../src/config/config.js';
import { parseGrant } from '../../src/config/grant.js';
import { resolveLimits } from '../../src/config/limits.js';
import { renderConfigIssues, resolveConfig } from '../../src/config/resolve-config.js';

const probe: PathProbe = {
  isDirectory: () => true,
  isExecutableFile: () => true,
  which: () => '/usr/bin/claude',
};
const file = { MAIN_REPO: '/p/repo', WORKTREES: '/p/wt', SESSIONS: '/p/sess' };
const sources = (over: Partial<ConfigSources> = {}): ConfigSources => ({
  configPath: '/p/.samocode',
  file,
  dotenv: {},
  env: {},
  flags: {},
  probe,
  ...over,
});

describe('resolveLimits', () => {
  it('has no caps, a 3-iteration no-progress limit, a 10-minute stall limit and any billing by default', () => {
    const { limits, issues } = resolveLimits(sources());
    expect(issues).toEqual([]);
    expect(limits).toEqual({
      caps: { session: {}, phases: {} },
      noProgressIterations: 3,
      stallMinutes: 10,
      billing: 'any',
    });
  });

  it('clears a cap with none (any case) from a flag or any file, over a cap set lower down', () => {
    const { limits, issues } = resolveLimits(
      sources({
        file: { ...file, SAMOCODE_MAX_COST_USD: '9', SAMOCODE_MAX_TOKENS_TESTING: 'None' },
        env: { SAMOCODE_MAX_HOURS: 'none' },
        dotenv: { SAMOCODE_MAX_HOURS: '2' },
      }),
      { maxCost: 'none' },
    );
    expect(issues).toEqual([]);
    expect(limits.caps).toEqual({ session: {}, phases: {} });
  });

  it('a session value beats a flag and names the record when it is bad', () => {
    const { limits, issues } = resolveLimits(
      sources({
        sessionValues: {
          SAMOCODE_MAX_COST_USD: { value: '3', source: 'session' },
          SAMOCODE_MAX_TOKENS: { value: 'x', source: 'session', fix: 'pass --max-tokens with a valid value' },
        },
      }),
      { maxCost: '9' },
    );
    expect(limits.caps.session).toEqual({ costUsd: 3 });
    expect(issues).toEqual([
      {
        key: 'SAMOCODE_MAX_TOKENS',
        received: 'x',
        expected: 'tokens, a whole number ≥ 1, or none',
        fix: 'pass --max-tokens with a valid value',
      },
    ]);
  });

  it('reads session and per-phase caps; flags beat the environment, which beats the file', () => {
    const { limits, issues } = resolveLimits(
      sources({
        file: { ...file, SAMOCODE_MAX_COST_USD: '9', SAMOCODE_MAX_TOKENS_TESTING: '5000' },
        env: { SAMOCODE_MAX_COST_USD: '7', SAMOCODE_MAX_HOURS_IMPLEMENTATION: '1.5' },
      }),
      { maxCost: '0.05', maxHours: '2' },
    );
    expect(issues).toEqual([]);
    expect(limits.caps).toEqual({
      session: { costUsd: 0.05, ms: 7_200_000 },
      phases: { implementation: { ms: 5_400_000 }, testing: { tokens: 5000 } },
    });
  });

  it('reports every bad value with its key, the value and the fix', () => {
    const { issues } = resolveLimits(
      sources({
        env: { SAMOCODE_MAX_TOKENS: '1.5', SAMOCODE_BILLING: 'free', SAMOCODE_STALL_MINUTES: '-1' },
      }),
      { maxCost: 'lots' },
    );
    expect(issues.map((issue) => [issue.key, issue.received])).toEqual([
      ['--max-cost', 'lots'],
      ['SAMOCODE_MAX_TOKENS', '1.5'],
      ['SAMOCODE_STALL_MINUTES', '-1'],
      ['SAMOCODE_BILLING', 'free'],
    ]);
    expect(issues[0]?.fix).toBe('pass a valid value to --max-cost');
  });

  it('reaches the resolved config, with the price file resolved against the .samocode folder', () => {
    const result = resolveConfig(
      sources({ file: { ...file, SAMOCODE_PRICES: 'prices.json', SAMOCODE_BILLING: 'subscription' } }),
    );
    if (!result.ok) throw new Error(renderConfigIssues(result.issues));
    expect(result.config.limits.pricesFile).toBe('/p/prices.json');
    expect(result.config.limits.billing).toBe('subscription');
  });

  it('makes a bad limit a config error like any other key', () => {
    const result = resolveConfig(sources({ env: { SAMOCODE_MAX_HOURS: '0' } }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((issue) => issue.key)).toEqual(['SAMOCODE_MAX_HOURS']);
  });
});

describe('parseGrant', () => {
  it('reads any of cost, tokens and hours', () => {
    expect(parseGrant('cost=5')).toEqual({ costUsd: 5, tokens: 0, ms: 0 });
    expect(parseGrant('tokens=1000, hours=0.5')).toEqual({ costUsd: 0, tokens: 1000, ms: 1_800_000 });
  });

  it.each(['cost', 'cost=', 'money=5', 'cost=-1', 'hours=x'])('refuses %j with config.invalid', (text) => {
    expect(() => parseGrant(text)).toThrow(expect.objectContaining({ code: 'config.invalid' }));
  });
});
