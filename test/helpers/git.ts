/** Real git repositories in temp dirs. */
import { execa } from 'execa';

const IDENTITY = ['-c', 'user.email=test@example.com', '-c', 'user.name=test'];

/** `git init -b <branch>` with one empty commit. */
export async function initGitRepo(dir: string, branch = 'main'): Promise<void> {
  await execa('git', ['init', '-q', '-b', branch], { cwd: dir });
  await execa('git', [...IDENTITY, 'commit', '-q', '--allow-empty', '-m', 'initial'], { cwd: dir });
}

export async function git(dir: string, ...args: string[]): Promise<string> {
  const result = await execa('git', [...IDENTITY, ...args], { cwd: dir });
  return result.stdout.trim();
}
