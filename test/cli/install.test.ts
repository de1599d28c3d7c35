import { mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { SAMOCODE_BIN } from '../helpers/samocode-bin.js';

const repo = resolve(import.meta.dirname, '../..');
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function samocode(args: string[], env: Record<string, string>) {
  return execa(process.execPath, [SAMOCODE_BIN, ...args], { reject: false, env, extendEnv: true, cwd: repo });
}

function listAll(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const rel = `${prefix}${entry.name}`;
      return entry.isDirectory() ? [`${rel}/`, ...listAll(join(dir, entry.name), `${rel}/`)] : [rel];
    });
}

describe('samocode install', () => {
  it('links into HOME and CODEX_HOME, then --uninstall restores both exactly', async () => {
    const base = mkdtempSync(join(tmpdir(), 'samocode-cli-install-'));
    dirs.push(base);
    const home = join(base, 'home');
    const codexHome = join(base, 'codex-home');
    mkdirSync(join(home, '.claude/skills'), { recursive: true });
    writeFileSync(join(home, '.claude/skills/README'), 'mine\n');
    const before = listAll(base);
    const env = { HOME: home, CODEX_HOME: codexHome };

    const install = await samocode(['install'], env);
    expect(install.exitCode).toBe(0);
    expect(install.stdout).toContain(
      'samocode install: created 22, updated 0, unchanged 0, removed 0, skipped 0',
    );
    expect(readlinkSync(join(codexHome, 'skills/review'))).toBe(join(repo, 'skills/review'));
    expect(readlinkSync(join(home, '.claude/agents/done-agent.md'))).toBe(join(repo, 'agents/done-agent.md'));

    const again = await samocode(['install'], env);
    expect(again.stdout).toContain(
      'samocode install: created 0, updated 0, unchanged 22, removed 0, skipped 0',
    );

    const uninstall = await samocode(['install', '--uninstall'], env);
    expect(uninstall.exitCode).toBe(0);
    expect(uninstall.stdout).toContain('samocode uninstall: removed 22, skipped 0');
    expect(listAll(base)).toEqual(before);
  });

  it('--copy reports a foreign file it skipped and leaves it alone', async () => {
    const base = mkdtempSync(join(tmpdir(), 'samocode-cli-install-'));
    dirs.push(base);
    const home = join(base, 'home');
    mkdirSync(join(home, '.claude/agents'), { recursive: true });
    writeFileSync(join(home, '.claude/agents/init-agent.md'), 'my own init agent\n');
    const env = { HOME: home, CODEX_HOME: '' };

    const install = await samocode(['install', '--copy'], env);
    expect(install.exitCode).toBe(0);
    expect(install.stdout).toContain(
      `! skipped ${join(home, '.claude/agents/init-agent.md')}: exists and was not created by samocode`,
    );
    expect(install.stdout).toContain('created 21, updated 0, unchanged 0, removed 0, skipped 1');
    expect(readdirSync(join(home, '.codex/skills')).length).toBe(7);

    await samocode(['install', '--uninstall'], env);
    expect(listAll(home)).toEqual(['.claude/', '.claude/agents/', '.claude/agents/init-agent.md']);
  });
});
