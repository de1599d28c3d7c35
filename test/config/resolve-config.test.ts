import { describe, expect, it } from 'vitest';
import type { ConfigSources, PathProbe } from '../../src/config/config.js';
import { renderConfigIssues, resolveConfig } from '../../src/config/resolve-config.js';

const dirs = new Set(['/p/repo', '/p/wt', '/p/sess']);
const probe: PathProbe = {
  isDirectory: (path) => dirs.has(path),
  isExecutableFile: (path) => path === '/opt/claude' || path === '/p/bin/codex',
  which: (name) => (name === 'claude' ? '/usr/bin/claude' : undefined),
};
const file = { MAIN_REPO: '/p/repo', WORKTREES: '/p/wt', SESSIONS: '/p/sess' };

function sources(over: Partial<ConfigSources> = {}): ConfigSources {
  return { configPath: '/p/.samocode', file, dotenv: {}, env: {}, flags: {}, probe, ...over };
}

describe('resolveConfig', () => {
  it('reports a missing CLI together with a bad --timeout (one pass), and says which provider it resolved', () => {
    const result = resolveConfig(sources({ flags: { provider: 'codex', timeout: 'abc' } }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => issue.key)).toEqual(['--timeout', 'CODEX_PATH']);
    expect(result.partial.provider).toBe('codex');
  });

  it('applies the SPEC defaults', () => {
    const result = resolveConfig(sources());
    if (!result.ok) throw new Error(renderConfigIssues(result.issues));
    const { config } = result;
    expect(config.provider).toBe('claude');
    expect(config.cliPath).toBe('/usr/bin/claude');
    expect(config.model).toBe('opus');
    expect(config.claude).toEqual({ path: 'claude', model: 'opus', maxTurns: 300, timeoutS: 1800 });
    expect(config.codex).toEqual({ path: 'codex', model: '', timeoutS: 1800 });
    expect([config.maxRetries, config.retryDelayS, config.maxSuspendS, config.killGraceS]).toEqual([
      3, 5, 21600, 10,
    ]);
    expect(config.branchPrefix).toBe('');
    expect(config.telegram).toEqual({ botToken: '', chatId: '' });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('flags beat the environment, which beats .env, which beats the file', () => {
    const result = resolveConfig(
      sources({
        file: { ...file, CLAUDE_MODEL: 'from-file', CLAUDE_TIMEOUT: '10', SAMOCODE_RETRY_DELAY: '1' },
        dotenv: { CLAUDE_MODEL: 'from-dotenv', CLAUDE_TIMEOUT: '20', SAMOCODE_RETRY_DELAY: '2' },
        env: { CLAUDE_MODEL: 'from-env', CLAUDE_TIMEOUT: '30' },
        flags: { model: 'from-flag' },
      }),
    );
    if (!result.ok) throw new Error(renderConfigIssues(result.issues));
    expect(result.config.model).toBe('from-flag');
    expect(result.config.timeoutS).toBe(30);
    expect(result.config.retryDelayS).toBe(2);
  });

  it("a session's own values beat flags and every file; a bad one names the record's fix", () => {
    const result = resolveConfig(
      sources({
        env: { CLAUDE_MODEL: 'from-env', VERIFY: 'true' },
        flags: { verify: 'from-flag' },
        sessionValues: {
          CLAUDE_MODEL: { value: 'sonnet', source: 'session' },
          VERIFY: { value: 'npm test', source: 'session' },
          SAMOCODE_INSPECT_PORT: { value: '8123', source: 'session' },
        },
      }),
    );
    if (!result.ok) throw new Error(renderConfigIssues(result.issues));
    expect([result.config.model, result.config.verify.command, result.config.inspectPort]).toEqual([
      'sonnet',
      'npm test',
      8123,
    ]);
    const bad = resolveConfig(
      sources({
        sessionValues: { CLAUDE_TIMEOUT: { value: 'x', source: 'session', fix: 'the record says x' } },
      }),
    );
    expect(bad.ok ? [] : bad.issues).toEqual([
      {
        key: 'CLAUDE_TIMEOUT',
        received: 'x',
        expected: 'seconds, a whole number from 1 to 2147483 (about 24 days)',
        fix: 'the record says x',
      },
    ]);
  });

  it('hands the provider the .env values (e.g. an API key) under the real environment', () => {
    const result = resolveConfig(
      sources({
        dotenv: { ANTHROPIC_API_KEY: 'sk-ant-from-dotenv', CODEX_API_KEY: 'from-dotenv' },
        env: { CODEX_API_KEY: 'from-env', PATH: '/usr/bin' },
      }),
    );
    if (!result.ok) throw new Error(renderConfigIssues(result.issues));
    expect(result.config.environment).toEqual({
      ANTHROPIC_API_KEY: 'sk-ant-from-dotenv',
      CODEX_API_KEY: 'from-env',
      PATH: '/usr/bin',
    });
  });

  it('--provider and --timeout select codex and override its timeout; a path must be an executable file', () => {
    const result = resolveConfig(
      sources({
        env: { CODEX_PATH: 'bin/codex', CODEX_MODEL: 'gpt-5' },
        flags: { provider: 'codex', timeout: '60' },
      }),
    );
    if (!result.ok) throw new Error(renderConfigIssues(result.issues));
    expect(result.config.provider).toBe('codex');
    expect(result.config.cliPath).toBe('/p/bin/codex');
    expect(result.config.model).toBe('gpt-5');
    expect(result.config.timeoutS).toBe(60);
  });

  it('reports every problem at once, each naming key, value, expectation and fix', () => {
    const result = resolveConfig(
      sources({
        file: { MAIN_REPO: '/nope', SESSIONS: '/p/sess' },
        env: { SAMOCODE_PROVIDER: 'gemini', CLAUDE_MAX_TURNS: '0', SAMOCODE_RETRY_DELAY: 'soon' },
        flags: { timeout: 'abc' },
      }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => issue.key).sort()).toEqual(
      [
        '--timeout',
        'CLAUDE_MAX_TURNS',
        'MAIN_REPO',
        'SAMOCODE_PROVIDER',
        'SAMOCODE_RETRY_DELAY',
        'WORKTREES',
      ].sort(),
    );
    const text = renderConfigIssues(result.issues);
    expect(text).toContain('configuration has 6 problems');
    expect(text).toContain('MAIN_REPO: got "/nope", expected an existing directory');
    expect(text).toContain('mkdir -p /nope');
    expect(text).toContain('WORKTREES: missing');
    expect(text).toContain('add a line WORKTREES=<value> to /p/.samocode');
    expect(text).toContain('SAMOCODE_PROVIDER: got "gemini", expected one of claude, codex');
    expect(text).toContain('--timeout: got "abc"');
  });

  it('reads the fleet settings: the store, the account and the limits of a worker', () => {
    const defaults = resolveConfig(sources());
    if (!defaults.ok) throw new Error(renderConfigIssues(defaults.issues));
    expect(defaults.config.store).toBe('');
    expect(defaults.config.fleet).toEqual({ account: '', maxSessions: 1, leaseS: 60 });
    const team = resolveConfig(
      sources({
        file: {
          ...file,
          SAMOCODE_STORE: 'postgres://samocode@db:5432/samocode',
          SAMOCODE_ACCOUNT: 'team-max',
        },
        env: { SAMOCODE_MAX_SESSIONS: '4', SAMOCODE_MAX_PER_ACCOUNT: '2', SAMOCODE_LEASE_SECONDS: '30' },
      }),
    );
    if (!team.ok) throw new Error(renderConfigIssues(team.issues));
    expect(team.config.store).toBe('postgres://samocode@db:5432/samocode');
    expect(team.config.fleet).toEqual({ account: 'team-max', maxSessions: 4, maxPerAccount: 2, leaseS: 30 });
  });

  it('refuses a store that is not a PostgreSQL URL without quoting its password', () => {
    const result = resolveConfig(
      sources({ env: { SAMOCODE_STORE: 'mysql://root:hunter22@db/samocode', SAMOCODE_MAX_SESSIONS: '0' } }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = renderConfigIssues(result.issues);
    expect(text).toContain(
      'SAMOCODE_STORE: got "mysql://[redacted]@db/samocode", expected empty (the session folder on this machine) or a PostgreSQL URL',
    );
    expect(text).toContain('SAMOCODE_MAX_SESSIONS: got "0"');
    expect(text).not.toContain('hunter22');
  });

  it('names a missing CLI with the fix', () => {
    const result = resolveConfig(sources({ env: { CLAUDE_PATH: '/missing/claude' } }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      {
        key: 'CLAUDE_PATH',
        received: '/missing/claude',
        expected: 'an existing executable file',
        fix: 'install the claude CLI or set CLAUDE_PATH to its full path',
      },
    ]);
  });

  it('resolves relative directories against the .samocode folder', () => {
    const result = resolveConfig(
      sources({ file: { MAIN_REPO: 'repo', WORKTREES: './wt', SESSIONS: '/p/sess' } }),
    );
    if (!result.ok) throw new Error(renderConfigIssues(result.issues));
    expect([result.config.mainRepo, result.config.worktrees]).toEqual(['/p/repo', '/p/wt']);
  });
});

describe('resolveConfig: the fallback provider', () => {
  it('has none by default, and a 900 s threshold', () => {
    const result = resolveConfig(sources());
    if (!result.ok) throw new Error(renderConfigIssues(result.issues));
    expect(result.config.fallback).toBeUndefined();
    expect(result.config.fallbackAfterS).toBe(900);
  });

  it('resolves the fallback CLI, its model and timeout, from .samocode like any other key', () => {
    const result = resolveConfig(
      sources({
        file: {
          ...file,
          SAMOCODE_FALLBACK_PROVIDER: 'Codex',
          SAMOCODE_FALLBACK_AFTER: '60',
          CODEX_PATH: '/p/bin/codex',
          CODEX_MODEL: 'gpt-5-codex',
          CODEX_TIMEOUT: '600',
        },
        flags: { model: 'sonnet' },
      }),
    );
    if (!result.ok) throw new Error(renderConfigIssues(result.issues));
    expect(result.config.model).toBe('sonnet');
    expect(result.config.fallback).toEqual({
      provider: 'codex',
      cliPath: '/p/bin/codex',
      model: 'gpt-5-codex',
      timeoutS: 600,
      phaseModels: {},
      escalateModel: '',
    });
    expect(result.config.fallbackAfterS).toBe(60);
  });

  it('--fallback-provider none turns off a fallback the file sets', () => {
    const result = resolveConfig(
      sources({
        file: { ...file, SAMOCODE_FALLBACK_PROVIDER: 'codex' },
        flags: { fallbackProvider: 'none' },
      }),
    );
    if (!result.ok) throw new Error(renderConfigIssues(result.issues));
    expect(result.config.fallback).toBeUndefined();
  });

  it('reports a fallback equal to the primary, a missing fallback CLI and a bad threshold, all at once', () => {
    const same = resolveConfig(
      sources({ env: { SAMOCODE_FALLBACK_PROVIDER: 'claude', SAMOCODE_FALLBACK_AFTER: '-1' } }),
    );
    expect(same.ok).toBe(false);
    if (same.ok) return;
    expect(same.issues.map((issue) => issue.key)).toEqual([
      'SAMOCODE_FALLBACK_AFTER',
      'SAMOCODE_FALLBACK_PROVIDER',
    ]);
    expect(same.issues[1]?.fix).toBe(
      'name the other provider as the fallback, or leave --fallback-provider / SAMOCODE_FALLBACK_PROVIDER empty',
    );
    const missing = resolveConfig(sources({ flags: { fallbackProvider: 'codex' } }));
    expect(missing.ok).toBe(false);
    if (missing.ok) return;
    expect(missing.issues).toEqual([
      {
        key: 'CODEX_PATH',
        received: 'codex',
        expected: 'a command found on PATH (or a path to the executable)',
        fix: 'install the codex CLI or set CODEX_PATH to its full path',
      },
    ]);
  });

  it('reports an unknown fallback name', () => {
    const result = resolveConfig(sources({ flags: { fallbackProvider: 'gemini' } }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => issue.key)).toEqual(['--fallback-provider']);
  });
});
