/**
 * What `samocode install` puts where, and what to do with each destination. Pure: the state of
 * the disk comes in as data, decisions come out as data.
 */
import { join } from 'node:path';
import type { ManifestEntry } from './manifest.js';

export type InstallMode = 'link' | 'copy';
export type EntryKind = 'file' | 'dir';

export interface InstallHomes {
  /** `~/.claude` */
  readonly claudeHome: string;
  /** `$CODEX_HOME`, default `~/.codex` */
  readonly codexHome: string;
}

export interface PackageAssets {
  readonly root: string;
  /** File names in `agents/`, e.g. `init-agent.md`. */
  readonly agents: readonly string[];
  /** Folder names in `skills/` that hold a `SKILL.md`. */
  readonly skills: readonly string[];
}

export interface InstallEntry {
  readonly source: string;
  readonly dest: string;
  readonly kind: EntryKind;
}

/** What is at a destination path right now. `hash` is the content hash of a file or folder. */
export type DestState =
  | { readonly type: 'missing' }
  | { readonly type: 'link'; readonly target: string }
  | { readonly type: 'file' | 'dir'; readonly hash: string };

export type EntryAction = 'create' | 'keep' | 'replace' | 'skip-foreign' | 'skip-modified';

export const MANIFEST_NAME = '.samocode-install.json';

export function resolveInstallHomes(
  env: Readonly<Record<string, string | undefined>>,
  home: string,
): InstallHomes {
  const codexHome = env.CODEX_HOME?.trim();
  return { claudeHome: join(home, '.claude'), codexHome: codexHome ? codexHome : join(home, '.codex') };
}

export function manifestPathOf(homes: InstallHomes): string {
  return join(homes.claudeHome, MANIFEST_NAME);
}

/** Agents go to Claude only; skills go to both Claude and Codex. */
export function buildInstallEntries(assets: PackageAssets, homes: InstallHomes): InstallEntry[] {
  const agents = [...assets.agents].sort().map((name) => ({
    source: join(assets.root, 'agents', name),
    dest: join(homes.claudeHome, 'agents', name),
    kind: 'file' as const,
  }));
  const skills = [...assets.skills].sort().flatMap((name) =>
    [homes.claudeHome, homes.codexHome].map((home) => ({
      source: join(assets.root, 'skills', name),
      dest: join(home, 'skills', name),
      kind: 'dir' as const,
    })),
  );
  return [...agents, ...skills];
}

/** Whether a destination samocode recorded is still exactly what it created. */
export function isUnchanged(owned: ManifestEntry, state: DestState): boolean {
  if (owned.mode === 'link') return state.type === 'link' && state.target === owned.source;
  return state.type === owned.kind && state.hash === owned.hash;
}

/**
 * What to do with one destination. Never touches what samocode did not create (`skip-foreign`)
 * or what someone changed since (`skip-modified`).
 */
export function decideEntry(
  entry: InstallEntry,
  mode: InstallMode,
  state: DestState,
  owned: ManifestEntry | undefined,
  sourceHash: string,
): EntryAction {
  if (state.type === 'missing') return 'create';
  if (!owned) return 'skip-foreign';
  if (!isUnchanged(owned, state)) return 'skip-modified';
  const isCurrent =
    mode === 'link'
      ? owned.mode === 'link' && owned.source === entry.source
      : owned.mode === 'copy' && owned.hash === sourceHash;
  return isCurrent ? 'keep' : 'replace';
}
