import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describePushFailure, pushBranch } from '../../src/verify/push-branch.js';
import { git, initGitRepo } from '../helpers/git.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'samocode-push-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function sessionRepo(): Promise<{ repo: string; worktree: string }> {
  const repo = join(dir, 'repo');
  mkdirSync(repo, { recursive: true });
  await initGitRepo(repo);
  const worktree = join(dir, 'wt');
  await git(repo, 'worktree', 'add', '-q', '-b', 'task', worktree, 'main');
  return { repo, worktree };
}

describe('pushBranch', () => {
  it('pushes the session branch to a local bare origin', async () => {
    const { repo, worktree } = await sessionRepo();
    const bare = join(dir, 'origin.git');
    await git(dir, 'init', '-q', '--bare', bare);
    await git(repo, 'remote', 'add', 'origin', bare);
    await git(worktree, 'commit', '-q', '--allow-empty', '-m', 'work');
    const result = await pushBranch(repo, 'task', { timeoutMs: 60_000 });
    expect(result).toEqual({ pushed: true, remote: bare, branch: 'task' });
    expect(await git(bare, 'rev-parse', 'refs/heads/task')).toBe(await git(worktree, 'rev-parse', 'HEAD'));
  });

  it('explains a repository without origin', async () => {
    const { repo } = await sessionRepo();
    const result = await pushBranch(repo, 'task', { timeoutMs: 60_000 });
    expect(result.pushed).toBe(false);
    expect(result.pushed ? '' : result.reason).toContain('has no remote named origin');
  });
});

describe('describePushFailure', () => {
  it.each([
    [
      "a hook that rejects, its own remote: prefix and git's, and the erase-line code",
      "remote: remote: branch names must start with feature/\u001b[K\nTo ../origin.git\n ! [remote rejected] b -> b (pre-receive hook declined)\nerror: failed to push some refs to '../origin.git'\n",
      'origin (u) rejected branch b: branch names must start with feature/ (pre-receive hook declined)',
    ],
    [
      'a rejection without a remote message',
      'To ../origin.git\n ! [rejected]        b -> b (fetch first)\nerror: failed to push some refs\nhint: Updates were rejected\n',
      'origin (u) rejected branch b (fetch first)',
    ],
    [
      "no rejection line: the remote's lines and git's errors",
      "fatal: unable to access 'https://example.invalid/': Could not resolve host\n",
      "git push to origin (u) failed: fatal: unable to access 'https://example.invalid/': Could not resolve host",
    ],
    ['nothing at all', '', 'git push to origin (u) failed: no message'],
  ])('%s', (_name, stderr, expected) => {
    expect(describePushFailure(stderr, 'u', 'b')).toBe(expected);
  });
});
