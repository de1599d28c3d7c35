/**
 * One project with many sessions made by real `samocode run`s of the fake claude: each session
 * gets its own scenario file. `makeMixedFleet` leaves one completed, one waiting for plan
 * approval, one blocked, one failed, one running (its provider hangs) and one corrupt session.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { readFakeLog } from './fake-log.js';
import { initGitRepo } from './git.js';
import { historyStepEnv } from './history-step-claude.js';
import { pollUntil } from './processes.js';
import { ROOT, SAMOCODE_BIN } from './samocode-bin.js';
import { makeProject } from './temp-session.js';

export { ROOT };
export const BIN = SAMOCODE_BIN;
const FAKE_CLAUDE = join(ROOT, 'test', 'fixtures', 'bin', 'claude');

const signal = (content: Record<string, unknown>) => [{ do: 'signal', content }];
export const HAPPY_CALLS = [
  [
    { do: 'write', path: 'work.txt', content: 'hello' },
    ...signal({ status: 'continue', phase: 'investigation' }),
  ],
  signal({ status: 'continue', phase: 'requirements' }),
  signal({ status: 'continue', phase: 'planning' }),
  signal({ status: 'waiting', for: 'plan_approval' }),
  signal({ status: 'continue', phase: 'testing' }),
  signal({ status: 'continue', phase: 'done' }),
  signal({ status: 'done', summary: 'finished' }),
];

export type Project = ReturnType<typeof makeProject>;

export interface FleetProject {
  readonly project: Project;
  /** `samocode <args…> --config <project>`. */
  samocode(args: readonly string[], extraEnv?: Record<string, string>): ResultPromise;
  /** `samocode run --session <name>` playing `calls`. */
  run(name: string, calls: unknown[], ...flags: string[]): ResultPromise;
  /** Invocations of the fake for one session (one line per provider start). */
  invocations(name: string): { pid: number; cwd: string }[];
  /** Ends every child still running (SIGTERM: samocode reaps its provider group) and waits. */
  stopAll(): Promise<void>;
}

export async function makeFleetProject(): Promise<FleetProject> {
  const project = makeProject({ 'scripts/': '' });
  await initGitRepo(project.mainRepo);
  const children: ResultPromise[] = [];
  const scriptOf = (name: string) => join(project.root, 'scripts', `${name}.json`);
  const baseEnv = historyStepEnv(project.root, FAKE_CLAUDE);
  const samocode = (args: readonly string[], extraEnv: Record<string, string> = {}) => {
    const env: Record<string, string> = { ...baseEnv, ...extraEnv };
    const child = execa('node', [BIN, ...args, '--config', project.configPath], {
      cwd: ROOT,
      env,
      reject: false,
    });
    children.push(child);
    return child;
  };
  return {
    project,
    samocode,
    run(name, calls, ...flags) {
      writeFileSync(scriptOf(name), JSON.stringify({ calls }));
      return samocode(['run', '--session', name, ...flags], { FAKE_PROVIDER_SCRIPT: scriptOf(name) });
    },
    invocations: (name) => readFakeLog(scriptOf(name)) as { pid: number; cwd: string }[],
    async stopAll() {
      for (const child of children.splice(0)) {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await child.catch(() => undefined);
      }
    },
  };
}

/** The session names `makeMixedFleet` creates, by what each is left doing. */
export const MIXED = {
  completed: 'finished',
  waiting: 'needs-approval',
  blocked: 'stuck',
  failed: 'no-auth',
  running: 'busy',
  corrupt: 'broken',
} as const;

export async function makeMixedFleet(): Promise<FleetProject> {
  const fleet = await makeFleetProject();
  const ends = await Promise.all([
    fleet.run(MIXED.completed, HAPPY_CALLS, '--auto-approve'),
    fleet.run(MIXED.waiting, HAPPY_CALLS),
    fleet.run(MIXED.blocked, [
      signal({ status: 'continue', phase: 'investigation' }),
      signal({ status: 'blocked', reason: 'which database?', needs: 'clarification' }),
    ]),
    fleet.run(MIXED.failed, [[{ do: 'outcome', kind: 'not_logged_in' }]]),
  ]);
  const codes = ends.map((end) => end.exitCode);
  if (codes.join() !== '0,10,11,12') {
    throw new Error(
      `mixed fleet: expected exit codes 0,10,11,12, got ${codes.join()}: ${ends.map((e) => e.stderr).join('\n')}`,
    );
  }
  fleet.run(MIXED.running, [[{ do: 'hang' }]]);
  await pollUntil(
    () => (fleet.invocations(MIXED.running).length > 0 ? true : undefined),
    'the running session to start its provider',
    60_000,
  );
  const corrupt = join(fleet.project.sessions, `26-01-02-${MIXED.corrupt}`);
  mkdirSync(corrupt);
  writeFileSync(join(corrupt, '_state.json'), '{"v":1,"snapshot":');
  return fleet;
}
