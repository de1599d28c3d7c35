/**
 * A team on one machine: one bare remote, and clones of it that each play a machine (its own
 * `.samocode`, SESSIONS, WORKTREES and clone as MAIN_REPO), all pointed at one PostgreSQL store,
 * each with the history-step claude (`history-step-claude.ts`), so whichever clone runs an
 * iteration plays the same step.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { readFakeLog } from './fake-log.js';
import { git, initGitRepo } from './git.js';
import { historyStepEnv, writeHistoryStepClaude } from './history-step-claude.js';
import { ROOT, SAMOCODE_BIN } from './samocode-bin.js';
import { makeProject, makeTempTree } from './temp-session.js';

export type Steps = readonly unknown[];

export interface Machine {
  readonly project: ReturnType<typeof makeProject>;
  /** `samocode <args…> --config <this machine's .samocode>`. */
  samocode(args: readonly string[]): ResultPromise;
  /** Provider starts on this machine: pid and working directory. */
  invocations(): { pid: number; cwd: string }[];
}

export interface WorkerFleet {
  readonly remote: string;
  readonly machines: readonly Machine[];
  /** Every child started, for the test's cleanup. */
  killAll(): Promise<void>;
}

/**
 * `calls[i]` is played by the i-th iteration of every session; `extraConfig` lines go into each
 * machine's `.samocode` (after SAMOCODE_STORE).
 */
export async function makeWorkerFleet(
  url: string,
  count: number,
  calls: readonly Steps[],
  extraConfig = '',
): Promise<WorkerFleet> {
  const remote = join(makeTempTree(), 'remote.git');
  const seed = makeTempTree();
  await initGitRepo(seed);
  await git(seed, 'clone', '-q', '--bare', seed, remote);
  const children: ResultPromise[] = [];
  const machines: Machine[] = [];
  for (let index = 0; index < count; index += 1) {
    const project = makeProject({ 'scripts/': '', '.samocode': '' });
    await git(project.root, 'clone', '-q', remote, 'repo');
    await git(project.mainRepo, 'config', 'user.email', 'worker@example.com');
    await git(project.mainRepo, 'config', 'user.name', `worker ${index}`);
    writeFileSync(
      project.configPath,
      [
        `MAIN_REPO=${project.mainRepo}`,
        `WORKTREES=${project.worktrees}`,
        `SESSIONS=${project.sessions}`,
        `SAMOCODE_STORE=${url}`,
        extraConfig,
      ].join('\n'),
    );
    const scripts = join(project.root, 'scripts');
    const env = historyStepEnv(
      project.root,
      writeHistoryStepClaude(project.root, project.sessions, scripts, calls),
    );
    machines.push({
      project,
      samocode(args) {
        const child = execa('node', [SAMOCODE_BIN, ...args, '--config', project.configPath], {
          cwd: ROOT,
          env,
          reject: false,
        });
        children.push(child);
        return child;
      },
      invocations() {
        return readdirSync(scripts)
          .filter((name) => name.endsWith('.log.jsonl'))
          .flatMap(
            (name) =>
              readFakeLog(join(scripts, name.slice(0, -'.log.jsonl'.length))) as {
                pid: number;
                cwd: string;
              }[],
          );
      },
    });
  }
  return {
    remote,
    machines,
    async killAll() {
      for (const child of children.splice(0)) {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await child.catch(() => undefined);
      }
      for (const machine of machines)
        for (const { pid } of machine.invocations()) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // Gone already.
          }
        }
    },
  };
}

/** The branches the remote has (names only). */
export async function remoteBranches(remote: string): Promise<string[]> {
  if (!existsSync(remote)) return [];
  const out = await git(remote, 'for-each-ref', '--format=%(refname:short)', 'refs/heads');
  return out.split('\n').filter(Boolean).sort();
}
