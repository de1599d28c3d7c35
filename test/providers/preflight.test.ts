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
    [{ ANTHROPIC_AUTH_TOKEN: 'gateway-token' }, {}],
    [{ CLAUDE_CODE_USE_BEDROCK: '1' }, {}],
    [{}, { '/h/.claude/.credentials.json': '{}' }],
    [{ CLAUDE_CONFIG_DIR: '/c' }, { '/c/.credentials.json': '{}' }],
    [{}, { '/h/.claude/settings.json': '{"apiKeyHelper":"x"}' }],
    [{}, { '/p/.claude/settings.json': '{"apiKeyHelper": "~/bin/key"}' }],
    [{}, { '/p/.claude/settings.local.json': '{"env": {"ANTHROPIC_AUTH_TOKEN": "t"}}' }],
    [{}, { '/etc/claude-code/managed-settings.json': '{"apiKeyHelper":"x"}' }],
    [{}, { '/h/.claude.json': '{"primaryApiKey":"x"}' }],
  ])('claude with %j and files %j is logged in', (env, files) => {
    expect(checkLogin('claude', env, probe(files), '/p')).toEqual({});
  });

  it('claude with nothing is refused, except on macOS (keychain)', () => {
    expect(checkLogin('claude', { ANTHROPIC_API_KEY: ' ' }, probe({}))).toEqual({
      refusal:
        'claude is not logged in: no ANTHROPIC_API_KEY or CLAUDE_CODE_OAUTH_TOKEN and no /h/.claude/.credentials.json; run `claude` and /login, or set one of them in the environment or in a .env file next to .samocode',
    });
    expect(checkLogin('claude', {}, probe({}, 'darwin'))).toEqual({});
  });

  it('claude behind ANTHROPIC_BASE_URL with no credential in sight is a doubt, not a refusal', () => {
    const verdict = checkLogin('claude', { ANTHROPIC_BASE_URL: 'https://gw.example/anthropic' }, probe({}));
    expect(verdict.refusal).toBeUndefined();
    expect(verdict.doubt).toBe(
      'claude has no credential samocode can see, but ANTHROPIC_BASE_URL sends it to https://gw.example/anthropic, which may need none; samocode goes on, and the first attempt decides (a refused login stops the run at once)',
    );
  });

  it('codex needs CODEX_API_KEY or $CODEX_HOME/auth.json on openai; OPENAI_API_KEY does not count', () => {
    expect(checkLogin('codex', { CODEX_API_KEY: 'k' }, probe({}))).toEqual({});
    expect(checkLogin('codex', {}, probe({ '/h/.codex/auth.json': '{}' }))).toEqual({});
    expect(checkLogin('codex', { CODEX_HOME: '/x' }, probe({ '/x/auth.json': '{}' }))).toEqual({});
    expect(checkLogin('codex', { OPENAI_API_KEY: 'k' }, probe({})).refusal).toContain(
      'codex is not logged in',
    );
  });

  const config = (text: string) => ({ '/h/.codex/config.toml': text });
  const OWN =
    'model_provider = "azure"\n\n[model_providers.azure]\nname = "Azure"\nenv_key = "AZURE_OPENAI_API_KEY"\n';

  it("codex on a model provider of its own needs that provider's env_key, not an openai login", () => {
    expect(checkLogin('codex', { AZURE_OPENAI_API_KEY: 'k' }, probe(config(OWN)))).toEqual({});
    expect(checkLogin('codex', {}, probe(config(OWN)))).toEqual({
      refusal:
        'codex uses the model provider "azure" (/h/.codex/config.toml), which reads its key from AZURE_OPENAI_API_KEY, and AZURE_OPENAI_API_KEY is not set; set it in the environment or in a .env file next to .samocode',
    });
  });

  it.each([
    [
      'a provider without env_key (a local server)',
      'model_provider = "local"\n[model_providers.local]\nbase_url = "http://localhost:11434/v1"\n',
    ],
    [
      'an inline provider whose key is set',
      'model_provider = "p"\nmodel_providers.p = { name = "p", env_key = "HOME" }\n',
    ],
    ['the built-in oss provider', 'model_provider = "oss"\n'],
  ])('codex with %s is accepted', (_name, text) => {
    expect(checkLogin('codex', { HOME: '/h' }, probe(config(text)))).toEqual({});
  });

  it.each([
    ['a profile', 'profile = "work"\n[profiles.work]\nmodel_provider = "azure"\n'],
    ['an openai_base_url', 'openai_base_url = "http://127.0.0.1:8080/v1"\n'],
    ['a provider it does not find defined', 'model_provider = "elsewhere"\n'],
  ])('codex without a login but with %s is a doubt, not a refusal', (_name, text) => {
    const verdict = checkLogin('codex', {}, probe(config(text)));
    expect(verdict.refusal).toBeUndefined();
    expect(verdict.doubt).toMatch(/the first attempt decides/);
  });
});
