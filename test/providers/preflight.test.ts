import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkProvider, ROOT_REFUSAL_PROBLEM, resolveCliPath } from '../../src/providers/preflight.js';

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
    expect(result).toEqual({ cliPath: join(dir, 'bin', 'claude'), problems: [ROOT_REFUSAL_PROBLEM] });
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
