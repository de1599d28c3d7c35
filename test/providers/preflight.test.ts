import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkLogin, checkProvider, type LoginProbe, resolveCliPath } from '../../src/providers/preflight.js';
import { checkSandbox, renderSandboxRefusal, SANDBOX_FIX } from '../../src/providers/sandbox-rule.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'samocode-preflight-'));
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'bin', 'claude'), '#!/bin/sh\n');
  chmodSync(join(dir, 'bin', 'claude'), 0o755);
  writeFileSync(join(dir, 'bin', 'codex'), 'not executable');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('resolveCliPath', () => {
  it('finds a bare name on PATH', async () => {
    expect(await resolveCliPath('claude', { PATH: `/nonexistent:${join(dir, 'bin')}` })).toBe(
      join(dir, 'bin', 'claude'),
    );
  });

  it('skips files on PATH that are not executable', async () => {
    expect(await resolveCliPath('codex', { PATH: join(dir, 'bin') })).toBeUndefined();
  });

  it('resolves a relative path against cwd and requires an executable file', async () => {
    expect(await resolveCliPath('./bin/claude', {}, dir)).toBe(join(dir, 'bin', 'claude'));
    expect(await resolveCliPath('./bin', {}, dir)).toBeUndefined();
  });
});

describe('checkProvider', () => {
  it('reports a missing CLI with what to install', async () => {
    const result = await checkProvider({
      name: 'codex',
      cli: 'codex',
      env: { PATH: join(dir, 'nothing') },
      uid: 1000,
    });
    expect(result).toEqual({
      problems: [
        'codex CLI "codex" was not found on PATH; install it (npm install -g @openai/codex) or set its path in the configuration',
      ],
    });
  });

  it('reports root without IS_SANDBOX for claude', async () => {
    const result = await checkProvider({
      name: 'claude',
      cli: 'claude',
      env: { PATH: join(dir, 'bin') },
      uid: 0,
    });
    expect(result).toEqual({
      cliPath: join(dir, 'bin', 'claude'),
      problems: [
        `claude refuses --dangerously-skip-permissions as root, and IS_SANDBOX is not set; fix: ${SANDBOX_FIX}`,
      ],
    });
  });

  it('accepts root with IS_SANDBOX=1, and a normal user without it', async () => {
    const env = { PATH: join(dir, 'bin') };
    expect(
      (await checkProvider({ name: 'claude', cli: 'claude', env: { ...env, IS_SANDBOX: '1' }, uid: 0 }))
        .problems,
    ).toEqual([]);
    expect((await checkProvider({ name: 'claude', cli: 'claude', env, uid: 1000 })).problems).toEqual([]);
  });

  it('does not apply the root rule to codex', async () => {
    const result = await checkProvider({ name: 'codex', cli: join(dir, 'bin', 'claude'), env: {}, uid: 0 });
    expect(result.problems).toEqual([]);
  });
});

describe('checkSandbox', () => {
  it('says what IS_SANDBOX holds when it is set but not 1, empty, or unset; the fix apart', () => {
    expect(checkSandbox('claude', { IS_SANDBOX: 'yes' }, 0)).toEqual({
      problem:
        'claude refuses --dangerously-skip-permissions as root unless IS_SANDBOX is exactly 1, and it is "yes"',
      fix: 'set IS_SANDBOX=1 (in the environment, or in a .env file next to .samocode) if this machine is a sandbox, or run samocode as a normal user',
    });
    expect(checkSandbox('claude', { IS_SANDBOX: ' ' }, 0)?.problem).toBe(
      'claude refuses --dangerously-skip-permissions as root, and IS_SANDBOX is empty',
    );
    expect(checkSandbox('claude', {}, 0)?.problem).toBe(
      'claude refuses --dangerously-skip-permissions as root, and IS_SANDBOX is not set',
    );
    expect(checkSandbox('claude', { IS_SANDBOX: 'a\u001b[2Jb' }, 0)?.problem).toBe(
      'claude refuses --dangerously-skip-permissions as root unless IS_SANDBOX is exactly 1, and it is "a␛[2Jb"',
    );
    expect(checkSandbox('claude', { IS_SANDBOX: '1' }, 0)).toBeUndefined();
    expect(checkSandbox('claude', { IS_SANDBOX: 'yes' }, 1000)).toBeUndefined();
    expect(checkSandbox('codex', { IS_SANDBOX: 'yes' }, 0)).toBeUndefined();
    expect(renderSandboxRefusal({ problem: 'p', fix: 'f' })).toBe('p; fix: f');
  });
});

describe('checkLogin', () => {
  const probe = (files: Record<string, string>, platform: NodeJS.Platform = 'linux'): LoginProbe => ({
    home: '/h',
    platform,
    exists: (path) => path in files,
    read: (path) => files[path],
  });

  it.each([
    [{ ANTHROPIC_API_KEY: 'k' }, {}],
    [{ CLAUDE_CODE_OAUTH_TOKEN: 'k' }, {}],
    [{ CLAUDE_CODE_USE_BEDROCK: '1' }, {}],
    [{}, { '/h/.claude/.credentials.json': '{}' }],
    [{ CLAUDE_CONFIG_DIR: '/c' }, { '/c/.credentials.json': '{}' }],
    [{}, { '/h/.claude/settings.json': '{"apiKeyHelper":"x"}' }],
    [{}, { '/h/.claude.json': '{"primaryApiKey":"x"}' }],
  ])('claude with %j and files %j is logged in', (env, files) => {
    expect(checkLogin('claude', env, probe(files))).toBeUndefined();
  });

  it('claude with nothing is not logged in, except on macOS (keychain)', () => {
    expect(checkLogin('claude', { ANTHROPIC_API_KEY: ' ' }, probe({}))).toBe(
      'claude is not logged in: no ANTHROPIC_API_KEY or CLAUDE_CODE_OAUTH_TOKEN and no /h/.claude/.credentials.json; run `claude` and /login, or set one of them in the environment or in a .env file next to .samocode',
    );
    expect(checkLogin('claude', {}, probe({}, 'darwin'))).toBeUndefined();
  });

  it('codex needs CODEX_API_KEY or $CODEX_HOME/auth.json; OPENAI_API_KEY does not count', () => {
    expect(checkLogin('codex', { CODEX_API_KEY: 'k' }, probe({}))).toBeUndefined();
    expect(checkLogin('codex', {}, probe({ '/h/.codex/auth.json': '{}' }))).toBeUndefined();
    expect(checkLogin('codex', { CODEX_HOME: '/x' }, probe({ '/x/auth.json': '{}' }))).toBeUndefined();
    expect(checkLogin('codex', { OPENAI_API_KEY: 'k' }, probe({}))).toContain('codex is not logged in');
  });
});
