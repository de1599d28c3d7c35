/** Temp directories built from inline trees, removed after each test. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const created: string[] = [];

/** A fresh temp dir holding `tree` (relative path → contents; a path ending in `/` is a folder). */
export function makeTempTree(tree: Record<string, string> = {}, prefix = 'samocode-'): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  created.push(root);
  for (const [path, contents] of Object.entries(tree)) {
    const full = join(root, path);
    if (path.endsWith('/')) {
      mkdirSync(full, { recursive: true });
    } else {
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, contents);
    }
  }
  return root;
}

export function removeTempTrees(): void {
  for (const root of created.splice(0)) rmSync(root, { recursive: true, force: true });
}

/** A project with `.samocode`, a repo folder, worktrees and sessions. */
export function makeProject(extra: Record<string, string> = {}): {
  root: string;
  configPath: string;
  mainRepo: string;
  worktrees: string;
  sessions: string;
} {
  const root = makeTempTree({ 'repo/': '', 'worktrees/': '', 'sessions/': '', ...extra });
  const configPath = join(root, '.samocode');
  if (!('.samocode' in extra)) {
    writeFileSync(
      configPath,
      `MAIN_REPO=${join(root, 'repo')}\nWORKTREES=${join(root, 'worktrees')}\nSESSIONS=${join(root, 'sessions')}\n`,
    );
  }
  return {
    root,
    configPath,
    mainRepo: join(root, 'repo'),
    worktrees: join(root, 'worktrees'),
    sessions: join(root, 'sessions'),
  };
}
