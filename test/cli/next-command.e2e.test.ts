/**
 * One next command everywhere: for sessions stopped in different ways, the console's end message,
 * `status` (text and JSON), `ls --json`, `_overview.md` and the dashboard API carry the very same
 * command; pasted into `sh`, it hands samocode exactly the arguments it names, even from a project
 * whose path has a space, a `;` and a `$` in it. Integration tier: the built bin, the fake claude,
 * real git.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { initGitRepo } from '../helpers/git.js';
import { pollUntil } from '../helpers/processes.js';
import { BIN, FAKE_CLAUDE, ROOT } from '../helpers/samocode-cli.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

const signal = (content: Record<string, unknown>) => [{ do: 'signal', content }];
const TO_PLANNING = [
  signal({ status: 'continue', phase: 'investigation' }),
  signal({ status: 'continue', phase: 'requirements' }),
  signal({ status: 'continue', phase: 'planning' }),
];

/** The fake charges $0.0056 per tool call: a second iteration would pass $0.01. */
const CAP = { SAMOCODE_MAX_COST_USD: '0.01' };

/** Each session, how it is run, and the verbs its next command runs, in order. */
const SESSIONS = {
  ask: {
    calls: [...TO_PLANNING, signal({ status: 'waiting', for: 'plan_approval' })],
    env: {},
    verbs: ['approve', 'run'],
  },
  stuck: {
    calls: [signal({ status: 'blocked', reason: 'which database?', needs: 'clarification' })],
    env: {},
    verbs: ['run'],
  },
  spent: { calls: TO_PLANNING, env: CAP, verbs: ['run'] },
  finished: {
    calls: [
      ...TO_PLANNING,
      signal({ status: 'continue', phase: 'implementation' }),
      signal({ status: 'continue', phase: 'testing' }),
      signal({ status: 'continue', phase: 'done' }),
      signal({ status: 'done', summary: 'all done' }),
    ],
    env: {},
    verbs: ['clean'],
  },
} as const;
type Name = keyof typeof SESSIONS;
const NAMES = Object.keys(SESSIONS) as Name[];

interface Project {
  readonly base: string;
  readonly configPath: string;
  readonly sessions: string;
  readonly env: Record<string, string>;
  /** What each session's run printed on stderr. */
  readonly consoles: Record<Name, string>;
}

let project: Project | undefined;
let dashboard: ResultPromise | undefined;
/** What the dashboard printed so far (its URL). */
let dashboardOut = '';

async function makeProject(): Promise<Project> {
  // A project path a shell would split, run and expand if a printed command did not quote it.
  const base = join(makeTempTree(), 'my proj; touch injected $HOME');
  const [repo, worktrees, sessions, scripts] = ['repo', 'worktrees', 'sessions', 'scripts'].map((dir) =>
    join(base, dir),
  );
  for (const dir of [repo, worktrees, sessions, scripts]) mkdirSync(dir ?? '', { recursive: true });
  await initGitRepo(repo ?? '');
  const configPath = join(base, '.samocode');
  writeFileSync(configPath, `MAIN_REPO="${repo}"\nWORKTREES="${worktrees}"\nSESSIONS="${sessions}"\n`);
  const env = {
    HOME: base,
    PATH: process.env.PATH ?? '',
    SAMOCODE_LOG_DIR: join(base, 'logs'),
    CLAUDE_PATH: FAKE_CLAUDE,
    ANTHROPIC_API_KEY: 'sk-ant-fake',
    IS_SANDBOX: '1',
    SAMOCODE_RETRY_DELAY: '0',
    SAMOCODE_KILL_GRACE: '1',
  };
  const consoles = {} as Record<Name, string>;
  await Promise.all(
    NAMES.map(async (name) => {
      const script = join(scripts ?? '', `${name}.json`);
      writeFileSync(script, JSON.stringify({ calls: SESSIONS[name].calls }));
      const flags = name === 'finished' ? ['--auto-approve'] : [];
      const run = await execa('node', [BIN, 'run', '--config', configPath, '--session', name, ...flags], {
        cwd: ROOT,
        env: { ...env, ...SESSIONS[name].env, FAKE_PROVIDER_SCRIPT: script },
        extendEnv: false,
        reject: false,
        stdin: 'ignore',
      });
      consoles[name] = String(run.stderr);
    }),
  );
  // Until a session records its own settings, the commands that explain it need the cap it ran with.
  return { base, configPath, sessions: sessions ?? '', env: { ...env, ...CAP }, consoles };
}

const samocode = (args: readonly string[]) =>
  execa('node', [BIN, ...args], { cwd: ROOT, env: project?.env ?? {}, extendEnv: false, reject: false });

const folderOf = (name: Name): string =>
  readdirSync(project?.sessions ?? '').find((folder) => folder.endsWith(`-${name}`)) ?? 'none';

/** The command of a `next: <what to do>: <command>` line. */
const commandIn = (line: string | undefined): string | undefined => /: (samocode .*)$/.exec(line ?? '')?.[1];

/** The argv `sh` hands each `samocode` in `command`, recorded by a stand-in on PATH. */
async function pastedArgv(command: string): Promise<{ argv: string[][]; files: string[] }> {
  const dir = makeTempTree({ 'bin/': '', 'cwd/': '' });
  const log = join(dir, 'argv.jsonl');
  const recorder = join(dir, 'record-argv.cjs');
  writeFileSync(
    recorder,
    "require('node:fs').appendFileSync(process.env.ARGV_LOG, JSON.stringify(process.argv.slice(2)) + '\\n');\n",
  );
  writeFileSync(join(dir, 'bin', 'samocode'), `#!/bin/sh\nexec node '${recorder}' "$@"\n`, { mode: 0o755 });
  const pasted = await execa('/bin/sh', ['-c', command], {
    cwd: join(dir, 'cwd'),
    env: { PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}`, ARGV_LOG: log, HOME: join(dir, 'cwd') },
    extendEnv: false,
    reject: false,
  });
  expect(pasted.exitCode, String(pasted.stderr)).toBe(0);
  const argv = readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as string[]);
  return { argv, files: readdirSync(join(dir, 'cwd')) };
}

describe('one next command on every surface, safe to paste [slow]', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    project = await makeProject();
    dashboard = execa('node', [BIN, 'dashboard', '--config', project.configPath, '--port', '0'], {
      cwd: ROOT,
      env: project.env,
      extendEnv: false,
      reject: false,
    });
    dashboard.stderr?.on('data', (chunk: Buffer) => {
      dashboardOut += chunk.toString();
    });
  }, 240_000);
  afterAll(async () => {
    dashboard?.kill('SIGTERM');
    await dashboard?.catch(() => undefined);
    removeTempTrees();
  });

  it.each(NAMES)(
    '%s: console, status, ls, _overview.md and the dashboard API carry the same command',
    async (name) => {
      if (!project || !dashboard) throw new Error('setup failed');
      const folder = folderOf(name);
      const dir = join(project.sessions, folder);
      const args = ['--config', project.configPath, '--session', folder];
      const console = commandIn(/^ {2}next: (.*)$/m.exec(project.consoles[name])?.[0]);
      const statusText = commandIn(
        /^next: (.*)$/m.exec(String((await samocode(['status', ...args])).stdout))?.[0],
      );
      const statusJson = JSON.parse(String((await samocode(['status', ...args, '--json'])).stdout)).view.next
        .command;
      const listed = JSON.parse(
        String((await samocode(['ls', '--config', project.configPath, '--json'])).stdout),
      );
      const ls = listed.sessions.find((s: { session: string }) => s.session === folder)?.continueWith;
      const overview = commandIn(/^Next: (.*)$/m.exec(readFileSync(join(dir, '_overview.md'), 'utf8'))?.[0]);
      const url = await pollUntil(
        () => /open (http:\S+) in a browser/.exec(dashboardOut)?.[1],
        'the dashboard URL',
        60_000,
      );
      const DetailSchema = z.object({ summary: z.object({ next: z.object({ command: z.string() }) }) });
      const api = DetailSchema.parse(await (await fetch(`${url}api/sessions/${folder}`)).json()).summary.next
        .command;
      expect(console).toMatch(/^samocode /);
      expect({ statusText, statusJson, ls, overview, api }).toEqual({
        statusText: console,
        statusJson: console,
        ls: console,
        overview: console,
        api: console,
      });
    },
  );

  it.each(NAMES)(
    '%s: pasted into sh, the command hands samocode the arguments it names, and nothing else runs',
    async (name) => {
      if (!project) throw new Error('setup failed');
      const folder = folderOf(name);
      const status = JSON.parse(
        String(
          (await samocode(['status', '--config', project.configPath, '--session', folder, '--json'])).stdout,
        ),
      );
      const command: string = status.view.next.command;
      const { argv, files } = await pastedArgv(command);
      const verbs = SESSIONS[name].verbs;
      const grant = name === 'spent' ? ['--grant', 'cost=0.01'] : [];
      expect(argv).toEqual(
        verbs.map((verb) => [verb, '--config', project?.configPath, '--session', folder, ...grant]),
      );
      expect(files).toEqual([]);
      expect(existsSync(join(project.base, 'injected'))).toBe(false);
      // The arguments name the session exactly: samocode itself finds it with them.
      const [, ...named] = argv[0] ?? [];
      const found = await samocode(['status', ...named.slice(0, 4)]);
      expect(found.exitCode, String(found.stderr)).toBe(0);
      expect(String(found.stdout)).toContain(`session: ${folder}\n`);
    },
  );
});
