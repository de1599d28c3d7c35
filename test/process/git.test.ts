/** `runGit` against real repositories: output as text, and a time limit that ends git and its hooks. */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runGit } from '../../src/process/git.js';
import { initGitRepo } from '../helpers/git.js';
import { pollUntil, waitForDeath } from '../helpers/processes.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function repo(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'samocode-git-'));
  dirs.push(dir);
  await initGitRepo(dir);
  return dir;
}

describe('runGit', () => {
  it('returns git’s output and exit code as data', async () => {
    const dir = await repo();
    const branch = await runGit(dir, ['symbolic-ref', '--short', 'HEAD']);
    expect(branch).toMatchObject({ exitCode: 0, stdout: 'main\n', stderr: '' });
    const missing = await runGit(dir, ['rev-parse', '--verify', '--quiet', 'refs/heads/nope']);
    expect(missing.exitCode).toBe(1);
  });

  it('ends git and the hook it waits for at its time limit', async () => {
    const dir = await repo();
    const pidFile = join(dir, 'hook.pid');
    const hook = join(dir, '.git', 'hooks', 'pre-commit');
    writeFileSync(
      hook,
      `#!/bin/sh\necho $$ > ${pidFile}.tmp && mv ${pidFile}.tmp ${pidFile}\nexec sleep 300\n`,
    );
    chmodSync(hook, 0o755);
    const result = await runGit(
      dir,
      ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '--allow-empty', '-m', 'x'],
      { timeoutMs: 2_000 },
    );
    expect(result.stopped).toBe('timeout');
    expect(result.exitCode).toBeNull();
    const hookPid = await pollUntil(
      () => (existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : undefined),
      'the hook pid',
    );
    expect(await waitForDeath([hookPid], 10_000)).toEqual([]);
  });
});
