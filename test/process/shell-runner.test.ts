import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/process/run-command.js';
import { openShellRunner, type ShellRunner, shellQuote } from '../../src/process/shell-runner.js';
import { readWorktreeMark } from '../../src/providers/worktree-mark.js';
import { git, initGitRepo } from '../helpers/git.js';
import { listDescendants, waitForDeath } from '../helpers/processes.js';

const STATUS = ['--no-optional-locks', 'status', '--porcelain=v2', '--branch', '--untracked-files=all'];
const dirs: string[] = [];
const runners: ShellRunner[] = [];
const tempDir = (name = 'samocode-shell-') => {
  const dir = mkdtempSync(join(tmpdir(), name));
  dirs.push(dir);
  return dir;
};
const open = () => {
  const runner = openShellRunner();
  runners.push(runner);
  return runner;
};

/** The runner's shell among this process's children (found by its loop in /proc/<pid>/cmdline). */
function shellPids(): number[] {
  return listDescendants(process.pid).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('read -r request');
    } catch {
      return false;
    }
  });
}

afterEach(async () => {
  for (const runner of runners.splice(0)) runner.close();
  expect(await waitForDeath(shellPids(), 10_000)).toEqual([]);
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('shellQuote', () => {
  it('keeps every byte literal, quotes included', () => {
    expect(shellQuote("it's $HOME `x` \\")).toBe("'it'\\''s $HOME `x` \\'");
  });
});

describe('openShellRunner', () => {
  it('gives what a direct spawn gives: git status of a worktree with awkward file names', async () => {
    // A folder whose path needs quoting, and names git has to quote or escape.
    const dir = join(tempDir(), "it's a $repo");
    mkdirSync(dir);
    await initGitRepo(dir);
    for (const name of ['plain.txt', 'with space.txt', "quote'd.txt", 'ünï.txt', 'new\nline.txt', '$(x).txt'])
      writeFileSync(join(dir, name), name);
    await git(dir, 'add', 'plain.txt');
    writeFileSync(join(dir, 'plain.txt'), 'changed');
    const runner = open();
    const direct = await runCommand('git', STATUS, { cwd: dir });
    const viaShell = await runner.run('git', STATUS, dir);
    expect(direct.exitCode).toBe(0);
    expect(viaShell.exitCode).toBe(0);
    expect(viaShell.stdout).toBe(direct.stdout);
    expect(viaShell.stdout).toContain('"new\\nline.txt"');
    // It ran in the shell: one shell child, still there for the next request.
    expect(shellPids()).toHaveLength(1);
    expect((await runner.run('git', STATUS, dir)).stdout).toBe(direct.stdout);
    expect(shellPids()).toHaveLength(1);
  });

  it('gives the exit status of a failing command and of a missing folder', async () => {
    const runner = open();
    const outside = tempDir();
    const direct = await runCommand('git', STATUS, { cwd: outside });
    const viaShell = await runner.run('git', STATUS, outside);
    expect(direct.exitCode).toBe(128);
    expect(viaShell.exitCode).toBe(128);
    expect(viaShell.stdout).toBe('');
    const missing = await runner.run('git', STATUS, join(outside, 'gone'));
    expect(missing.exitCode).not.toBe(0);
    expect((await runner.run('sh', ['-c', 'printf partial; exit 3'], outside)).stdout).toBe('partial');
    expect((await runner.run('sh', ['-c', 'exit 3'], outside)).exitCode).toBe(3);
  });

  it('carries a large output whole', async () => {
    const dir = tempDir();
    await initGitRepo(dir);
    for (let index = 0; index < 6000; index += 1) writeFileSync(join(dir, `file-${index}.txt`), '');
    const runner = open();
    const direct = await runCommand('git', STATUS, { cwd: dir });
    const viaShell = await runner.run('git', STATUS, dir);
    // More than one 64 KiB pipe read.
    expect(direct.stdout.length).toBeGreaterThan(65_536);
    expect(viaShell.stdout).toBe(direct.stdout);
  });

  it('serves requests made at once, each with its own output', async () => {
    const runner = open();
    const dir = tempDir();
    const replies = await Promise.all(
      ['one', 'two', 'three'].map((word) => runner.run('sh', ['-c', `printf '%s\\n' ${word}`], dir)),
    );
    expect(replies.map((reply) => reply.stdout)).toEqual(['one\n', 'two\n', 'three\n']);
  });

  it('falls back to a direct spawn when the shell is gone, or when an argument holds a newline', async () => {
    const runner = open();
    const dir = tempDir();
    expect((await runner.run('sh', ['-c', 'printf ok'], dir)).stdout).toBe('ok');
    const [pid] = shellPids();
    expect(pid).toBeTypeOf('number');
    process.kill(pid ?? -1, 'SIGKILL');
    expect(await waitForDeath([pid ?? -1], 10_000)).toEqual([]);
    expect(await runner.run('sh', ['-c', 'printf again'], dir)).toMatchObject({
      exitCode: 0,
      stdout: 'again',
    });
    expect(await runner.run('sh', ['-c', 'printf "%s" "$1"', 'sh', 'a\nb'], dir)).toMatchObject({
      exitCode: 0,
      stdout: 'a\nb',
    });
  });

  it('after close, ends its shell and still runs commands (directly)', async () => {
    const runner = open();
    const dir = tempDir();
    await runner.run('sh', ['-c', 'true'], dir);
    const pids = shellPids();
    expect(pids).toHaveLength(1);
    runner.close();
    expect(await waitForDeath(pids, 10_000)).toEqual([]);
    expect(await runner.run('sh', ['-c', 'printf direct'], dir)).toMatchObject({
      exitCode: 0,
      stdout: 'direct',
    });
    expect(shellPids()).toEqual([]);
  });

  it('does not keep node alive: a process that never closes it exits by itself', async () => {
    const dir = tempDir();
    const script = `
      import { openShellRunner } from ${JSON.stringify(join(import.meta.dirname, '../../src/process/shell-runner.ts'))};
      const runner = openShellRunner();
      const reply = await runner.run('sh', ['-c', 'printf ready'], ${JSON.stringify(dir)});
      process.stdout.write(reply.stdout);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(code).toBe(0);
    expect(out).toBe('ready');
  });

  it('gives the same worktree mark as a direct spawn', async () => {
    const dir = tempDir();
    await initGitRepo(dir);
    const runner = open();
    expect(await readWorktreeMark(dir, runner.run)).toBe(await readWorktreeMark(dir));
    writeFileSync(join(dir, 'a.txt'), 'one');
    const edited = await readWorktreeMark(dir, runner.run);
    expect(edited).toBe(await readWorktreeMark(dir));
    expect(await readWorktreeMark(tempDir(), runner.run)).toBeUndefined();
  });
});
