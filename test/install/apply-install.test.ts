import { createHash } from 'node:crypto';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installAssets, readPackageAssets, uninstallAssets } from '../../src/install/apply-install.js';
import { type InstallHomes, resolveInstallHomes } from '../../src/install/install-plan.js';

const repo = resolve(import.meta.dirname, '../..');

/** Every path under `dir` with its type and its link target or content hash; links are not followed. */
function listTree(dir: string, prefix = ''): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      const rel = `${prefix}${name}`;
      const stat = lstatSync(path);
      if (stat.isSymbolicLink()) return [`${rel} -> ${readlinkSync(path)}`];
      if (stat.isDirectory()) return [`${rel}/`, ...listTree(path, `${rel}/`)];
      const sha = createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 12);
      return [`${rel} ${sha}`];
    });
}

let home: string;
let homes: InstallHomes;
let pkg: string;

/** A small package with two agents and two skills, so tests can change it. */
function writePackage(root: string): void {
  mkdirSync(join(root, 'agents'), { recursive: true });
  writeFileSync(join(root, 'agents/a-agent.md'), 'A\n');
  writeFileSync(join(root, 'agents/b-agent.md'), 'B\n');
  for (const skill of ['plan', 'test']) {
    mkdirSync(join(root, 'skills', skill), { recursive: true });
    writeFileSync(join(root, 'skills', skill, 'SKILL.md'), `---\nname: ${skill}\ndescription: d\n---\n`);
  }
  mkdirSync(join(root, 'skills/not-a-skill'));
}

beforeEach(() => {
  const base = mkdtempSync(join(tmpdir(), 'samocode-install-'));
  home = join(base, 'home');
  pkg = join(base, 'pkg');
  mkdirSync(home);
  writePackage(pkg);
  homes = resolveInstallHomes({}, home);
});

afterEach(() => {
  rmSync(resolve(home, '..'), { recursive: true, force: true });
});

describe('installAssets / uninstallAssets on a temporary HOME', () => {
  it('links agents into Claude and skills into both homes, and records them', () => {
    const report = installAssets(readPackageAssets(pkg), homes, 'link');
    expect(report.created).toEqual([
      join(home, '.claude/agents/a-agent.md'),
      join(home, '.claude/agents/b-agent.md'),
      join(home, '.claude/skills/plan'),
      join(home, '.codex/skills/plan'),
      join(home, '.claude/skills/test'),
      join(home, '.codex/skills/test'),
    ]);
    expect(listTree(home)).toEqual([
      '.claude/',
      expect.stringMatching(/^\.claude\/\.samocode-install\.json [0-9a-f]{12}$/),
      '.claude/agents/',
      `.claude/agents/a-agent.md -> ${join(pkg, 'agents/a-agent.md')}`,
      `.claude/agents/b-agent.md -> ${join(pkg, 'agents/b-agent.md')}`,
      '.claude/skills/',
      `.claude/skills/plan -> ${join(pkg, 'skills/plan')}`,
      `.claude/skills/test -> ${join(pkg, 'skills/test')}`,
      '.codex/',
      '.codex/skills/',
      `.codex/skills/plan -> ${join(pkg, 'skills/plan')}`,
      `.codex/skills/test -> ${join(pkg, 'skills/test')}`,
    ]);
  });

  it('is idempotent: a second install keeps everything and changes nothing', () => {
    installAssets(readPackageAssets(pkg), homes, 'link');
    const before = listTree(home);
    const report = installAssets(readPackageAssets(pkg), homes, 'link');
    expect(report.created).toEqual([]);
    expect(report.replaced).toEqual([]);
    expect(report.kept).toHaveLength(6);
    expect(listTree(home)).toEqual(before);
  });

  it('install then uninstall leaves a HOME with foreign files exactly as before', () => {
    mkdirSync(join(home, '.claude/agents'), { recursive: true });
    writeFileSync(join(home, '.claude/agents/mine.md'), 'my agent\n');
    writeFileSync(join(home, '.claude/agents/a-agent.md'), 'my own a-agent\n');
    mkdirSync(join(home, '.codex/skills/plan'), { recursive: true });
    writeFileSync(join(home, '.codex/skills/plan/SKILL.md'), 'my plan skill\n');
    symlinkSync('/nowhere', join(home, '.codex/skills/test'));
    writeFileSync(join(home, '.bashrc'), 'export X=1\n');
    const before = listTree(home);

    const report = installAssets(readPackageAssets(pkg), homes, 'link');
    expect(report.skipped).toEqual([
      { dest: join(home, '.claude/agents/a-agent.md'), reason: 'exists and was not created by samocode' },
      { dest: join(home, '.codex/skills/plan'), reason: 'exists and was not created by samocode' },
      { dest: join(home, '.codex/skills/test'), reason: 'exists and was not created by samocode' },
    ]);
    expect(readFileSync(join(home, '.claude/agents/a-agent.md'), 'utf8')).toBe('my own a-agent\n');

    const removed = uninstallAssets(homes);
    expect(removed.removed).toHaveLength(3);
    expect(removed.skipped).toEqual([]);
    expect(listTree(home)).toEqual(before);
  });

  it('install --copy then uninstall leaves an empty HOME empty', () => {
    const report = installAssets(readPackageAssets(pkg), homes, 'copy');
    expect(report.created).toHaveLength(6);
    expect(lstatSync(join(home, '.codex/skills/plan')).isDirectory()).toBe(true);
    expect(readFileSync(join(home, '.codex/skills/plan/SKILL.md'), 'utf8')).toBe(
      '---\nname: plan\ndescription: d\n---\n',
    );
    expect(uninstallAssets(homes).removed).toHaveLength(6);
    expect(listTree(home)).toEqual([]);
  });

  it('never deletes a copy the user edited, on reinstall or uninstall', () => {
    installAssets(readPackageAssets(pkg), homes, 'copy');
    const edited = join(home, '.claude/skills/plan/SKILL.md');
    writeFileSync(edited, 'edited by hand\n');

    const again = installAssets(readPackageAssets(pkg), homes, 'copy');
    expect(again.skipped).toEqual([
      { dest: join(home, '.claude/skills/plan'), reason: 'changed since samocode installed it' },
    ]);
    const removed = uninstallAssets(homes);
    expect(removed.removed).toHaveLength(5);
    expect(readFileSync(edited, 'utf8')).toBe('edited by hand\n');
    expect(listTree(home)).toEqual([
      '.claude/',
      '.claude/skills/',
      '.claude/skills/plan/',
      expect.stringMatching(/^\.claude\/skills\/plan\/SKILL\.md /),
    ]);
  });

  it('refreshes its own copies when the package changes, and prunes what the package dropped', () => {
    installAssets(readPackageAssets(pkg), homes, 'copy');
    writeFileSync(join(pkg, 'agents/a-agent.md'), 'A v2\n');
    rmSync(join(pkg, 'agents/b-agent.md'));

    const report = installAssets(readPackageAssets(pkg), homes, 'copy');
    expect(report.replaced).toEqual([join(home, '.claude/agents/a-agent.md')]);
    expect(report.removed).toEqual([join(home, '.claude/agents/b-agent.md')]);
    expect(readFileSync(join(home, '.claude/agents/a-agent.md'), 'utf8')).toBe('A v2\n');
    uninstallAssets(homes);
    expect(listTree(home)).toEqual([]);
  });

  it('switches links to copies on install --copy', () => {
    installAssets(readPackageAssets(pkg), homes, 'link');
    const report = installAssets(readPackageAssets(pkg), homes, 'copy');
    expect(report.replaced).toHaveLength(6);
    expect(lstatSync(join(home, '.claude/agents/a-agent.md')).isSymbolicLink()).toBe(false);
    uninstallAssets(homes);
    expect(listTree(home)).toEqual([]);
  });

  it('names the broken package when it has no agents folder', () => {
    rmSync(join(pkg, 'agents'), { recursive: true });
    expect(() => readPackageAssets(pkg)).toThrow(
      expect.objectContaining({ code: 'install.package', exitCode: 1 }),
    );
  });

  it('uninstall without a manifest does nothing', () => {
    writeFileSync(join(home, 'keep'), 'x');
    expect(uninstallAssets(homes)).toEqual({ created: [], kept: [], replaced: [], removed: [], skipped: [] });
    expect(listTree(home)).toEqual([`keep ${createHash('sha256').update('x').digest('hex').slice(0, 12)}`]);
  });

  it('installs the real package: eight agents and seven skills in each home', () => {
    const report = installAssets(readPackageAssets(repo), homes, 'link');
    expect(report.created.filter((dest) => dest.includes('/agents/'))).toHaveLength(8);
    expect(readdirSync(join(home, '.codex/skills')).sort()).toEqual(readdirSync(join(repo, 'skills')).sort());
    expect(readFileSync(join(home, '.claude/skills/planning/SKILL.md'), 'utf8')).toBe(
      readFileSync(join(repo, 'skills/planning/SKILL.md'), 'utf8'),
    );
    uninstallAssets(homes);
    expect(listTree(home)).toEqual([]);
  });
});
