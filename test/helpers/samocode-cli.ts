/** Runs the built samocode bin (test/helpers/samocode-bin.ts) against a temp project with a real git repo and the fake claude. */
import { appendFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa, type Options, type Result, type ResultPromise } from 'execa';
import { readFakeLog } from './fake-log.js';
import { initGitRepo } from './git.js';
import { ROOT, SAMOCODE_BIN } from './samocode-bin.js';
import { makeProject } from './temp-session.js';

export { ROOT };
export const BIN = SAMOCODE_BIN;
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
    execa('node', [BIN, ...args], {
      cwd: extra.cwd ?? ROOT,
      env: { ...env, ...extra.env },
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
    });
  return { project, script, env, samocode, sessionDirs };
}

/**
 * Two machines of a team on one PostgreSQL store (`url`): the first a git project playing `calls`,
 * the second a project that has never run anything (no repository); both name the store.
 */
export async function makeStoreMachines(url: string, calls: unknown[]) {
  const first = await makeCliProject(calls);
  const second = await makeCliProject([], { isGit: false });
  for (const machine of [first, second])
    appendFileSync(machine.project.configPath, `SAMOCODE_STORE=${url}\n`);
  return { first, second };
}

/** One start of the fake CLI, as it logs itself next to its scenario file. */
export interface FakeInvocation {
  readonly pid: number;
  readonly cwd: string;
  readonly prompt: string;
}

/** The fake's starts so far, in order (none before the first). */
export function readInvocations(script: string): FakeInvocation[] {
  return readFakeLog(script) as FakeInvocation[];
}

const running: ResultPromise[] = [];

/** Ends every run a `makeSessionCli` test left going (call it in `afterEach`). */
export async function stopSessionRuns(): Promise<void> {
  for (const child of running.splice(0)) {
    child.kill('SIGKILL');
    await child.catch(() => undefined);
  }
}

export interface SessionCliOptions {
  /** Extra environment for every command. */
  readonly env?: Record<string, string>;
  /** Lines appended to the project's `.samocode`. */
  readonly samocodeFile?: string;
}

/**
 * A CLI project bound to one session: `samocode(...args)` runs `samocode <args…> --config C --session S`
 * and is tracked, so `stopSessionRuns` ends whatever a failed test left running.
 */
export async function makeSessionCli(session: string, calls: unknown[], options: SessionCliOptions = {}) {
  const cli = await makeCliProject(calls);
  if (options.samocodeFile) appendFileSync(cli.project.configPath, options.samocodeFile);
  const env = { ...cli.env, ...options.env };
  const samocode = (...args: string[]): ResultPromise => {
    const child = execa('node', [BIN, ...args, '--config', cli.project.configPath, '--session', session], {
      cwd: ROOT,
      env,
      extendEnv: false,
      reject: false,
    });
    running.push(child);
    return child;
  };
  const only = (folder: string) => join(folder, readdirSync(folder)[0] ?? 'none');
  return {
    project: cli.project,
    script: cli.script,
    samocode,
    invocations: () => readInvocations(cli.script),
    sessionDir: () => only(cli.project.sessions),
    worktree: () => only(cli.project.worktrees),
  };
}
