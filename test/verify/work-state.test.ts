import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readWorkState } from '../../src/verify/work-state.js';
import { git, initGitRepo } from '../helpers/git.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'samocode-work-state-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function sessionRepo(): Promise<{ repo: string; worktree: string }> {
  const repo = join(dir, 'repo');
  await initGitRepo(await mkdir(repo));
  const worktree = join(dir, 'wt');
  await git(repo, 'worktree', 'add', '-q', '-b', 'task', worktree, 'main');
  return { repo, worktree };
}
async function mkdir(path: string): Promise<string> {
  const { mkdirSync } = await import('node:fs');
  mkdirSync(path, { recursive: true });
  return path;
}

describe('readWorkState', () => {
  it('counts no commits of its own on a fresh branch, and a clean tree', async () => {
    const { worktree } = await sessionRepo();
    const state = await readWorkState(worktree, 'task');
    expect(state).toEqual({
      head: await git(worktree, 'rev-parse', 'HEAD'),
      clean: true,
      uncommitted: 0,
      commitsBeyondBase: 0,
    });
  });

  it('counts commits on the branch and uncommitted changes', async () => {
    const { worktree } = await sessionRepo();
    writeFileSync(join(worktree, 'a.txt'), 'a');
    await git(worktree, 'add', 'a.txt');
    await git(worktree, 'commit', '-q', '-m', 'a');
    writeFileSync(join(worktree, 'b.txt'), 'b');
    await git(worktree, 'commit', '-q', '--allow-empty', '-m', 'b');
    writeFileSync(join(worktree, 'a.txt'), 'changed');
    const state = await readWorkState(worktree, 'task');
    expect(state.commitsBeyondBase).toBe(2);
    expect(state.clean).toBe(false);
    expect(state.uncommitted).toBe(2);
  });

  it('says nothing about commits outside a git repository', async () => {
    expect(await readWorkState(dir, 'task')).toEqual({
      head: null,
      clean: true,
      uncommitted: 0,
      commitsBeyondBase: null,
    });
  });
});
