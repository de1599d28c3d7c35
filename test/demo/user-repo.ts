/**
 * A user's repository as the demo meets it: a space in its path, a second branch, an uncommitted
 * change, an untracked file, and hooks that leave a mark when git runs them. `snapshotRepo`
 * reads everything the demo must leave alone.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { git } from '../helpers/git.js';
import { makeTempTree } from '../helpers/temp-session.js';

export interface UserRepo {
  readonly dir: string;
  /** Written by the repository's hooks whenever git runs one. */
  readonly hookMark: string;
}

export async function makeUserRepo(): Promise<UserRepo> {
  const root = makeTempTree({ 'my app/README.md': '# my app\n', 'my app/src/index.js': 'export {};\n' });
  const dir = join(root, 'my app');
  const hookMark = join(root, 'hook-ran');
  await execa('git', ['init', '-q', '-b', 'trunk'], { cwd: dir });
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '-q', '-m', 'first');
  await git(dir, 'branch', 'feature');
  for (const hook of ['post-checkout', 'pre-commit', 'post-commit']) {
    const file = join(dir, '.git', 'hooks', hook);
    writeFileSync(file, `#!/bin/sh\necho ${hook} >> '${hookMark}'\n`);
    chmodSync(file, 0o755);
  }
  writeFileSync(join(dir, 'README.md'), '# my app\n\nwork in progress\n');
  writeFileSync(join(dir, 'notes.txt'), 'untracked\n');
  return { dir, hookMark };
}

export interface RepoSnapshot {
  readonly head: string;
  /** `refs/heads/<name> <commit>` lines, the branches named in `except` left out. */
  readonly branches: string;
  readonly checkout: string;
  readonly status: string;
}

/** HEAD, the branches with their commits, the main checkout and its status: what the demo must not change. */
export async function snapshotRepo(dir: string, except: readonly string[] = []): Promise<RepoSnapshot> {
  const branches = await git(dir, 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads');
  return {
    head: await git(dir, 'symbolic-ref', 'HEAD'),
    branches: branches
      .split('\n')
      .filter((line) => !except.some((name) => line.startsWith(`refs/heads/${name} `)))
      .join('\n'),
    checkout: (await git(dir, 'worktree', 'list', '--porcelain')).split('\n')[0] ?? '',
    status: await git(dir, 'status', '--porcelain'),
  };
}
