/** Runs the samocode bin (`node --import tsx src/cli/bin.ts`) against a temp project with a real git repo and the fake claude. */
import { readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execa, type Options, type Result } from 'execa';
import { initGitRepo } from './git.js';
import { makeProject } from './temp-session.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'src', 'cli', 'bin.ts');
export const FAKE_CLAUDE = join(ROOT, 'test', 'fixtures', 'bin', 'claude');
export const FAKE_CODEX = join(ROOT, 'test', 'fixtures', 'bin', 'codex');

export type CliProject = Awaited<ReturnType<typeof makeCliProject>>;

/** A project whose MAIN_REPO is a git repo, and the environment a run needs with the fake claude. */
export async function makeCliProject(calls: unknown[] = [], options: { isGit?: boolean } = {}) {
  const project = makeProject();
  if (options.isGit !== false) await initGitRepo(project.mainRepo);
  const script = join(project.root, 'scenario.json');
  writeFileSync(script, JSON.stringify({ calls }));
  const env: Record<string, string> = {
    HOME: project.root,
    PATH: process.env.PATH ?? '',
    SAMOCODE_LOG_DIR: join(project.root, 'logs'),
    FAKE_PROVIDER_SCRIPT: script,
    CLAUDE_PATH: FAKE_CLAUDE,
    ANTHROPIC_API_KEY: 'sk-ant-fake',
    IS_SANDBOX: '1',
    SAMOCODE_RETRY_DELAY: '0',
    SAMOCODE_KILL_GRACE: '1',
  };
  const sessionDirs = () => readdirSync(project.sessions).map((name) => join(project.sessions, name));
  /** `samocode <args…>`; `env` entries set to undefined are removed. */
  const samocode = (
    args: readonly string[],
    extra: { env?: Record<string, string | undefined> } & Pick<Options, 'cwd'> = {},
  ): Promise<Result> =>
    execa('node', ['--import', 'tsx', BIN, ...args], {
      cwd: extra.cwd ?? ROOT,
      env: { ...env, ...extra.env },
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
    });
  return { project, script, env, samocode, sessionDirs };
}
