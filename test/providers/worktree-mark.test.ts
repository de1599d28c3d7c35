import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildProgressMark, readWorktreeMark } from '../../src/providers/worktree-mark.js';
import { git, initGitRepo } from '../helpers/git.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'samocode-mark-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('readWorktreeMark', () => {
  it('stays the same while nothing changes, and changes with an edit and with a commit', async () => {
    const dir = tempDir();
    await initGitRepo(dir);
    const first = await readWorktreeMark(dir);
    expect(await readWorktreeMark(dir)).toBe(first);
    writeFileSync(join(dir, 'a.txt'), 'one');
    const edited = await readWorktreeMark(dir);
    expect(edited).not.toBe(first);
    await git(dir, 'add', '.');
    await git(dir, 'commit', '-q', '-m', 'a');
    const committed = await readWorktreeMark(dir);
    expect(committed).not.toBe(edited);
    expect(committed).not.toBe(first);
  });

  it('changes with a commit that leaves git status as it was (HEAD is part of the mark)', async () => {
    const dir = tempDir();
    await initGitRepo(dir);
    const before = await readWorktreeMark(dir);
    await git(dir, 'commit', '-q', '--allow-empty', '-m', 'nothing changed but HEAD');
    expect(await readWorktreeMark(dir)).not.toBe(before);
  });

  it('is undefined outside a git worktree', async () => {
    expect(await readWorktreeMark(tempDir())).toBeUndefined();
  });
});

describe('buildProgressMark', () => {
  it('differs when the signal or the session files differ, and is undefined without a worktree mark', () => {
    expect(buildProgressMark('m', 's', '{"status":"continue"}')).toBe(
      buildProgressMark('m', 's', '{"status":"continue"}\n'),
    );
    expect(buildProgressMark('m', 's', '{"status":"continue"}')).not.toBe(
      buildProgressMark('m', 's', '{"status":"blocked"}'),
    );
    expect(buildProgressMark('m', 's', '{}')).not.toBe(buildProgressMark('m', 't', '{}'));
    expect(buildProgressMark(undefined, 's', '{}')).toBeUndefined();
  });
});
