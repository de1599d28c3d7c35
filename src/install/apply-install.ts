/**
 * Installs and uninstalls samocode's agents and skills for Claude Code and Codex. Reads the disk,
 * asks the pure plan what to do with each destination, then does it and records it.
 */
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  rmdirSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { SamocodeError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import {
  buildInstallEntries,
  type DestState,
  decideEntry,
  type InstallEntry,
  type InstallHomes,
  type InstallMode,
  isUnchanged,
  manifestPathOf,
  type PackageAssets,
} from './install-plan.js';
import { type Manifest, type ManifestEntry, readManifest, writeManifest } from './manifest.js';
import { readTreeHash } from './tree-hash.js';

export interface InstallReport {
  readonly created: string[];
  readonly kept: string[];
  readonly replaced: string[];
  readonly removed: string[];
  /** Destinations left alone, each with the reason. */
  readonly skipped: { readonly dest: string; readonly reason: string }[];
}

const emptyReport = (): InstallReport => ({ created: [], kept: [], replaced: [], removed: [], skipped: [] });

export function readPackageAssets(root: string): PackageAssets {
  for (const folder of ['agents', 'skills']) {
    if (!existsSync(join(root, folder))) {
      throw new SamocodeError(
        'install.package',
        `install: the samocode package at ${root} has no ${folder}/ folder; reinstall samocode (npm install -g samocode) and try again`,
        { exitCode: EXIT.internalError },
      );
    }
  }
  const agents = readdirSync(join(root, 'agents')).filter((name) => name.endsWith('.md'));
  const skills = readdirSync(join(root, 'skills'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, 'skills', entry.name, 'SKILL.md')))
    .map((entry) => entry.name);
  return { root, agents, skills };
}

export function readDestState(path: string): DestState {
  let stat: ReturnType<typeof lstatSync>;
  try {
    stat = lstatSync(path);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return { type: 'missing' };
    throw error;
  }
  if (stat.isSymbolicLink()) return { type: 'link', target: readlinkSync(path) };
  return { type: stat.isDirectory() ? 'dir' : 'file', hash: readTreeHash(path) };
}

/** Creates `dir` and any missing parents, returning the ones it created, parents first. */
function makeDirs(dir: string): string[] {
  if (existsSync(dir)) return [];
  const created = makeDirs(dirname(dir));
  mkdirSync(dir);
  return [...created, dir];
}

function place(entry: InstallEntry, mode: InstallMode): ManifestEntry {
  if (mode === 'link') {
    symlinkSync(entry.source, entry.dest, entry.kind === 'dir' ? 'dir' : 'file');
    return { dest: entry.dest, source: entry.source, kind: entry.kind, mode };
  }
  cpSync(entry.source, entry.dest, { recursive: true, errorOnExist: true, force: false });
  return { dest: entry.dest, source: entry.source, kind: entry.kind, mode, hash: readTreeHash(entry.dest) };
}

/** Removes `owned` if it is still exactly what samocode created; says what happened. */
function removeOwned(owned: ManifestEntry, report: InstallReport): void {
  const state = readDestState(owned.dest);
  if (state.type === 'missing') return;
  if (!isUnchanged(owned, state)) {
    report.skipped.push({ dest: owned.dest, reason: 'changed since samocode installed it; left in place' });
    return;
  }
  rmSync(owned.dest, { recursive: true, force: true });
  report.removed.push(owned.dest);
}

function removeEmptyDirs(dirs: readonly string[]): string[] {
  const left: string[] = [];
  for (const dir of [...dirs].reverse()) {
    if (!existsSync(dir)) continue;
    if (readdirSync(dir).length === 0) rmdirSync(dir);
    else left.unshift(dir);
  }
  return left;
}

/** Links (or copies) every agent and skill; idempotent; never touches what it did not create. */
export function installAssets(assets: PackageAssets, homes: InstallHomes, mode: InstallMode): InstallReport {
  const report = emptyReport();
  const manifestPath = manifestPathOf(homes);
  const previous = readManifest(manifestPath);
  const createdDirs = [
    ...previous.createdDirs.filter((dir) => existsSync(dir)),
    ...makeDirs(homes.claudeHome),
  ];
  const ownedByDest = new Map(previous.entries.map((owned) => [owned.dest, owned]));
  const entries = buildInstallEntries(assets, homes);
  const next: ManifestEntry[] = [];

  for (const entry of entries) {
    const owned = ownedByDest.get(entry.dest);
    const state = readDestState(entry.dest);
    const sourceHash = mode === 'copy' ? readTreeHash(entry.source) : '';
    const action = decideEntry(entry, mode, state, owned, sourceHash);
    switch (action) {
      case 'keep':
        if (owned) next.push(owned);
        report.kept.push(entry.dest);
        break;
      case 'create':
        createdDirs.push(...makeDirs(dirname(entry.dest)));
        next.push(place(entry, mode));
        report.created.push(entry.dest);
        break;
      case 'replace':
        rmSync(entry.dest, { recursive: true, force: true });
        next.push(place(entry, mode));
        report.replaced.push(entry.dest);
        break;
      case 'skip-foreign':
        report.skipped.push({ dest: entry.dest, reason: 'exists and was not created by samocode' });
        break;
      case 'skip-modified':
        report.skipped.push({ dest: entry.dest, reason: 'changed since samocode installed it' });
        break;
    }
  }

  const planned = new Set(entries.map((entry) => entry.dest));
  for (const owned of previous.entries) {
    if (!planned.has(owned.dest)) removeOwned(owned, report);
  }
  const manifest: Manifest = { version: 1, createdDirs: [...new Set(createdDirs)], entries: next };
  writeManifest(manifestPath, manifest);
  return report;
}

/** Removes exactly what `installAssets` recorded, then the folders it created if they are empty. */
export function uninstallAssets(homes: InstallHomes): InstallReport {
  const report = emptyReport();
  const manifestPath = manifestPathOf(homes);
  if (!existsSync(manifestPath)) return report;
  const manifest = readManifest(manifestPath);
  for (const owned of manifest.entries) removeOwned(owned, report);
  rmSync(manifestPath);
  for (const dir of removeEmptyDirs(manifest.createdDirs)) {
    report.skipped.push({ dest: dir, reason: 'folder samocode created is not empty; left in place' });
  }
  return report;
}
