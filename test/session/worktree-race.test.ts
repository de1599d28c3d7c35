/** Many sessions of one repository create their worktrees at the same moment (git's own lock files race). */
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isGitLockError, prepareWorktree } from '../../src/session/worktree.js';
import { git, initGitRepo } from '../helpers/git.js';
import { pollUntil } from '../helpers/processes.js';
import { makeProject, removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

const SLOW = { timeout: 120_000 };

describe('prepareWorktree under concurrency', () => {
  // With an upstream per new branch, every `git worktree add -b` writes .git/config under config.lock.
  it(
    'creates 12 worktrees of one repository at once, each on its own branch with its upstream',
    SLOW,
    async () => {
      const project = makeProject();
      await initGitRepo(project.mainRepo);
      await git(project.mainRepo, 'config', 'branch.autoSetupMerge', 'always');
      // A post-checkout hook (run inside each `git worktree add`) records overlapping creations.
      const inflight = join(project.root, 'inflight');
      const overlaps = join(project.root, 'overlaps.log');
      const hook = join(project.mainRepo, '.git', 'hooks', 'post-checkout');
      writeFileSync(
        hook,
        `#!/bin/sh\nmkdir '${inflight}' 2>/dev/null || echo "$PWD" >> '${overlaps}'\nsleep 0.2\nrmdir '${inflight}' 2>/dev/null\nexit 0\n`,
      );
      chmodSync(hook, 0o755);
      const names = Array.from({ length: 12 }, (_, i) => `s${i}`);
      const prepared = await Promise.all(
        names.map((name) =>
          prepareWorktree({
            mainRepo: project.mainRepo,
            worktrees: project.worktrees,
            folder: name,
            branch: `sc/${name}`,
          }),
        ),
      );
      expect(prepared.map((p) => p.mode)).toEqual(names.map(() => 'created'));
      expect(existsSync(overlaps) ? readFileSync(overlaps, 'utf8') : '').toBe('');
      expect(readdirSync(project.worktrees).sort()).toEqual([...names].sort());
      for (const name of names) {
        expect(await git(join(project.worktrees, name), 'branch', '--show-current')).toBe(`sc/${name}`);
        expect(await git(project.mainRepo, 'config', `branch.sc/${name}.merge`)).toBe('refs/heads/main');
      }
      const listed = (await git(project.mainRepo, 'worktree', 'list', '--porcelain'))
        .split('\n')
        .filter((line) => line.startsWith('worktree '));
      expect(listed).toHaveLength(13);
      expect(existsSync(join(project.mainRepo, '.git', 'samocode-worktree.lock'))).toBe(false);
    },
  );

  it('retries when another git process holds one of git’s lock files', SLOW, async () => {
    const project = makeProject();
    await initGitRepo(project.mainRepo);
    await git(project.mainRepo, 'config', 'branch.autoSetupMerge', 'always');
    const configLock = join(project.mainRepo, '.git', 'config.lock');
    writeFileSync(configLock, '');
    const preparing = prepareWorktree({
      mainRepo: project.mainRepo,
      worktrees: project.worktrees,
      folder: 'x',
      branch: 'sc/x',
    });
    // The first attempt creates the branch and then fails on config.lock; the "other process" ends.
    await pollUntil(
      () => (existsSync(join(project.mainRepo, '.git', 'refs', 'heads', 'sc', 'x')) ? true : undefined),
      'the first attempt to create the branch',
      30_000,
    );
    rmSync(configLock);
    expect((await preparing).mode).toBe('created');
    expect(await git(join(project.worktrees, 'x'), 'branch', '--show-current')).toBe('sc/x');
  });
});

describe('isGitLockError', () => {
  it.each([
    ['error: could not lock config file .git/config: File exists', true],
    ["fatal: Unable to create '/r/.git/index.lock': File exists.", true],
    ["fatal: cannot lock ref 'refs/heads/x': Unable to create '/r/.git/refs/heads/x.lock'", true],
    ["fatal: a branch named 'x' already exists", false],
    ["fatal: '/w/x' already exists", false],
  ])('%s → %s', (stderr, expected) => {
    expect(isGitLockError(stderr)).toBe(expected);
  });
});
