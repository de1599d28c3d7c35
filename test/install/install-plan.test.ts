import { describe, expect, it } from 'vitest';
import {
  buildInstallEntries,
  type DestState,
  decideEntry,
  type EntryAction,
  type InstallEntry,
  type InstallMode,
  manifestPathOf,
  resolveInstallHomes,
} from '../../src/install/install-plan.js';
import type { ManifestEntry } from '../../src/install/manifest.js';

const homes = { claudeHome: '/h/.claude', codexHome: '/h/.codex' };

describe('resolveInstallHomes', () => {
  it('uses ~/.claude and ~/.codex by default', () => {
    expect(resolveInstallHomes({}, '/home/u')).toEqual({
      claudeHome: '/home/u/.claude',
      codexHome: '/home/u/.codex',
    });
  });

  it('honours CODEX_HOME, ignoring a blank one', () => {
    expect(resolveInstallHomes({ CODEX_HOME: '/opt/codex' }, '/home/u').codexHome).toBe('/opt/codex');
    expect(resolveInstallHomes({ CODEX_HOME: '  ' }, '/home/u').codexHome).toBe('/home/u/.codex');
  });

  it('keeps the manifest in the Claude home', () => {
    expect(manifestPathOf(homes)).toBe('/h/.claude/.samocode-install.json');
  });
});

describe('buildInstallEntries', () => {
  it('puts agents in Claude only and each skill in both homes', () => {
    expect(
      buildInstallEntries({ root: '/pkg', agents: ['b-agent.md', 'a-agent.md'], skills: ['plan'] }, homes),
    ).toEqual([
      { source: '/pkg/agents/a-agent.md', dest: '/h/.claude/agents/a-agent.md', kind: 'file' },
      { source: '/pkg/agents/b-agent.md', dest: '/h/.claude/agents/b-agent.md', kind: 'file' },
      { source: '/pkg/skills/plan', dest: '/h/.claude/skills/plan', kind: 'dir' },
      { source: '/pkg/skills/plan', dest: '/h/.codex/skills/plan', kind: 'dir' },
    ]);
  });
});

describe('decideEntry', () => {
  const entry: InstallEntry = { source: '/pkg/skills/plan', dest: '/h/.claude/skills/plan', kind: 'dir' };
  const link: ManifestEntry = { dest: entry.dest, source: entry.source, kind: 'dir', mode: 'link' };
  const oldLink: ManifestEntry = { ...link, source: '/old/skills/plan' };
  const copy: ManifestEntry = {
    dest: entry.dest,
    source: entry.source,
    kind: 'dir',
    mode: 'copy',
    hash: 'h1',
  };
  const rows: [string, InstallMode, DestState, ManifestEntry | undefined, EntryAction][] = [
    ['missing → create', 'link', { type: 'missing' }, undefined, 'create'],
    ['missing though recorded → create', 'link', { type: 'missing' }, link, 'create'],
    ['foreign folder → skip', 'link', { type: 'dir', hash: 'x' }, undefined, 'skip-foreign'],
    ['foreign link → skip', 'link', { type: 'link', target: entry.source }, undefined, 'skip-foreign'],
    ['own link, same source → keep', 'link', { type: 'link', target: entry.source }, link, 'keep'],
    [
      'own link, package moved → replace',
      'link',
      { type: 'link', target: '/old/skills/plan' },
      oldLink,
      'replace',
    ],
    [
      'own link repointed by someone → skip',
      'link',
      { type: 'link', target: '/else' },
      link,
      'skip-modified',
    ],
    ['own link, now --copy → replace', 'copy', { type: 'link', target: entry.source }, link, 'replace'],
    ['own copy, unchanged, same source → keep', 'copy', { type: 'dir', hash: 'h1' }, copy, 'keep'],
    ['own copy edited by the user → skip', 'copy', { type: 'dir', hash: 'edited' }, copy, 'skip-modified'],
    ['own copy, now link mode → replace', 'link', { type: 'dir', hash: 'h1' }, copy, 'replace'],
  ];

  it.each(rows)('%s', (_name, mode, state, owned, expected) => {
    expect(decideEntry(entry, mode, state, owned, 'h1')).toBe(expected);
  });

  it('refreshes an unchanged own copy when the package source changed', () => {
    expect(decideEntry(entry, 'copy', { type: 'dir', hash: 'h1' }, copy, 'h2')).toBe('replace');
  });
});
