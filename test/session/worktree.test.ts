import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareWorktree } from '../../src/session/worktree.js';
import { git, initGitRepo } from '../helpers/git.js';
import { makeProject, removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

describe('prepareWorktree', () => {
  it('creates <WORKTREES>/<folder> on a new branch from the current branch, then reuses it', async () => {
    const project = makeProject();
    await initGitRepo(project.mainRepo, 'trunk');
    const request = {
      mainRepo: project.mainRepo,
      worktrees: project.worktrees,
      folder: '26-01-02-add-x',
      branch: 'sc/add-x',
    };
    const created = await prepareWorktree(request);
    const path = join(project.worktrees, '26-01-02-add-x');
    expect(created).toEqual({ workDir: path, worktreePath: path, branch: 'sc/add-x', mode: 'created' });
    expect(await git(path, 'branch', '--show-current')).toBe('sc/add-x');
    expect(await git(path, 'rev-parse', 'HEAD')).toBe(await git(project.mainRepo, 'rev-parse', 'trunk'));
    expect((await prepareWorktree(request)).mode).toBe('reused');
  });

  it('runs in place with a warning when MAIN_REPO is not a git repository', async () => {
    const project = makeProject();
    const prepared = await prepareWorktree({
      mainRepo: project.mainRepo,
      worktrees: project.worktrees,
      folder: 'x',
      branch: 'x',
    });
    expect(prepared.mode).toBe('in-place');
    expect(prepared.workDir).toBe(project.mainRepo);
    expect(prepared.warning).toContain('is not a git repository');
    expect(existsSync(join(project.worktrees, 'x'))).toBe(false);
  });
});
