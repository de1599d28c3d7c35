/**
 * End-to-end fault harness: a real git repo and `.samocode` in a temp dir, the fake `claude` as
 * CLAUDE_PATH, and real `samocode run` processes of the built bin (test/helpers/samocode-bin.ts).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readHistory } from '../../src/session/history.js';
import { readFakeLog } from '../helpers/fake-log.js';
import { isAlive, pollUntil, waitForDeath } from '../helpers/processes.js';
import { SAMOCODE_BIN } from '../helpers/samocode-bin.js';
import { makeProject } from '../helpers/temp-session.js';

export const REPO_ROOT = process.cwd();
export const FAKE_CLAUDE = join(REPO_ROOT, 'test/fixtures/bin/claude');
export const BIN = SAMOCODE_BIN;
/** Secrets planted in every run's environment; none may reach a file samocode writes or its output. */
export const SECRETS = {
  ANTHROPIC_API_KEY: 'sk-ant-api03-FAULTSECRETanthropic0123456789abcdef',
  TELEGRAM_BOT_TOKEN: '123456789:AAFaultSecretTelegramToken0123456789xy',
  GITHUB_TOKEN: 'ghp_FaultSecretGithubToken0123456789abcdefAB',
} as const;

export type Step = Record<string, unknown>;

/**
 * How long a wait for a fact (a file, a line, a pid's death) may take before the row fails. Waits
 * return as soon as the fact holds, so this only bounds a failure; it is generous because
 * a samocode start-up alone can take seconds on a loaded 2-core machine.
 */
export const FACT_DEADLINE_MS = 240_000;

export interface FaultProject {
  readonly root: string;
  readonly configPath: string;
  readonly repo: string;
  readonly sessions: string;
  readonly scenario: string;
  readonly env: Record<string, string>;
}

export function makeFaultProject(): FaultProject {
  const project = makeProject({ 'logs/': '' });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: project.mainRepo, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  writeFileSync(join(project.mainRepo, 'README.md'), '# fault project\n');
  git('add', '.');
  git('-c', 'user.email=faults@example.com', '-c', 'user.name=faults', 'commit', '-q', '-m', 'init');
  const scenario = join(project.root, 'scenario.json');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: project.root,
    SAMOCODE_LOG_DIR: join(project.root, 'logs'),
    CLAUDE_PATH: FAKE_CLAUDE,
    IS_SANDBOX: '1',
    FAKE_PROVIDER_SCRIPT: scenario,
    // samocode writes the prompt and closes stdin; under load that can take longer than the fake's
    // 300 ms default, after which it would run with no prompt. It stops waiting at the end of stdin.
    FAKE_CLAUDE_STDIN_WAIT_MS: String(FACT_DEADLINE_MS),
    SAMOCODE_RETRY_DELAY: '0',
    SAMOCODE_MAX_RETRIES: '2',
    SAMOCODE_KILL_GRACE: '1',
    NO_COLOR: '1',
    GIT_AUTHOR_NAME: 'faults',
    GIT_AUTHOR_EMAIL: 'faults@example.com',
    GIT_COMMITTER_NAME: 'faults',
    GIT_COMMITTER_EMAIL: 'faults@example.com',
    ...SECRETS,
  };
  return {
    root: project.root,
    configPath: project.configPath,
    repo: project.mainRepo,
    sessions: project.sessions,
    scenario,
    env,
  };
}

/** One list of fake steps per provider call; the last one repeats. */
export function writeScenario(project: FaultProject, calls: readonly (readonly Step[])[]): void {
  writeFileSync(project.scenario, JSON.stringify({ calls }));
}

export interface RunEnd {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunningSamocode {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly done: Promise<RunEnd>;
}

export interface StartOptions {
  readonly env?: Record<string, string>;
  /** A command prefix, e.g. setpriv to drop root's capability to ignore file modes. */
  readonly prefix?: readonly string[];
}

export function startSamocode(
  project: FaultProject,
  args: readonly string[],
  options: StartOptions = {},
): RunningSamocode {
  const prefix = options.prefix ?? [];
  const command = prefix[0] ?? process.execPath;
  const rest = [...prefix.slice(1), ...(prefix.length > 0 ? [process.execPath] : []), BIN, ...args];
  const child = spawn(command, rest, {
    cwd: REPO_ROOT,
    env: { ...project.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const done = new Promise<RunEnd>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  if (child.pid === undefined) throw new Error('could not start samocode');
  return { child, pid: child.pid, done };
}

export function runArgs(project: FaultProject, session = 'fault', extra: readonly string[] = []): string[] {
  return ['run', '--config', project.configPath, '--session', session, ...extra];
}

export function runSamocode(
  project: FaultProject,
  args: readonly string[],
  options: StartOptions = {},
): Promise<RunEnd> {
  return startSamocode(project, args, options).done;
}

/**
 * `YYMMDD` as a sortable number with the century, read as the README says: a two-digit year more
 * than a year ahead of this one is last century. Written here, not imported, so a row checks samocode.
 */
function folderDay(folder: string): number {
  const [yy = 0, mm = 0, dd = 0] = folder.split('-').slice(0, 3).map(Number);
  const thisYear = new Date().getFullYear() % 100;
  return ((yy > thisYear + 1 ? 1900 : 2000) + yy) * 10_000 + mm * 100 + dd;
}

/** The session folder named `<name>` or `<YY-MM-DD>-<name>` (the newest by its real date), if any. */
export function findSessionDir(project: FaultProject, name = 'fault'): string | undefined {
  if (!existsSync(project.sessions)) return undefined;
  const entries = readdirSync(project.sessions);
  if (entries.includes(name)) return join(project.sessions, name);
  const folder = entries
    .filter((entry) => /^\d{2}-\d{2}-\d{2}-/.test(entry) && entry.slice(9) === name)
    .sort((a, b) => folderDay(a) - folderDay(b))
    .pop();
  return folder === undefined ? undefined : join(project.sessions, folder);
}

export interface HistoryCheck {
  readonly rows: number;
  readonly skipped: number;
  /** Iterations in 1..max with no iteration row. */
  readonly lost: number;
  /**
   * Rows beyond one iteration row per iteration, plus verification rows beyond one per iteration
   * or without the iteration row they check.
   */
  readonly duplicates: number;
}

/** A row samocode wrote for its own check of a `done` (VERIFY), which shares that iteration's number. */
const isVerificationRow = (row: { event: string; receipt?: unknown }): boolean =>
  row.event.startsWith('verify.') && row.receipt !== undefined;

/**
 * The history's shape: each iteration 1..max has exactly one iteration row; a `done` iteration that
 * VERIFY checked has one verification row besides it (same number), and no other iteration has one.
 */
export function checkHistory(sessionDir: string | undefined): HistoryCheck {
  if (sessionDir === undefined) return { rows: 0, skipped: 0, lost: 0, duplicates: 0 };
  const { rows, skipped } = readHistory(join(sessionDir, '_signal_history.jsonl'));
  const iterationRows = rows.filter((row) => !isVerificationRow(row)).map((row) => row.iteration);
  const verifyRows = rows.filter(isVerificationRow).map((row) => row.iteration);
  const distinct = new Set(iterationRows);
  const max = iterationRows.length === 0 ? 0 : Math.max(...iterationRows);
  let lost = 0;
  for (let i = 1; i <= max; i += 1) if (!distinct.has(i)) lost += 1;
  const verified = new Set(verifyRows);
  const strayVerifications =
    verifyRows.length - verified.size + [...verified].filter((i) => !distinct.has(i)).length;
  return {
    rows: rows.length,
    skipped,
    lost,
    duplicates: iterationRows.length - distinct.size + strayVerifications,
  };
}

/** One history row as a fault row states its outcome: what ended the iteration and where it went. */
export interface RowSummary {
  readonly iteration: number;
  readonly event: string;
  readonly accepted: boolean;
  readonly state: string;
  readonly attempts: number;
  readonly outcome: string;
  /** The rule that refused the signal, when one did. */
  readonly rule?: string;
}

/** What a run did, read back from the files: provider starts and the history rows. */
export interface RowFacts {
  readonly invocations: number;
  readonly rows: readonly RowSummary[];
}

export function readRowFacts(project: FaultProject, sessionDir: string | undefined): RowFacts {
  const rows = sessionDir === undefined ? [] : readHistory(join(sessionDir, '_signal_history.jsonl')).rows;
  return {
    invocations: countInvocations(project),
    rows: rows.map((row) => ({
      iteration: row.iteration,
      event: row.event,
      accepted: row.accepted,
      state: row.state,
      attempts: row.attempts,
      outcome: row.outcome,
      ...(row.rejection ? { rule: row.rejection.rule } : {}),
    })),
  };
}

/** Provider starts so far (the fake logs one line per start). */
export function countInvocations(project: FaultProject): number {
  return readFakeLog(project.scenario).length;
}

/** PIDs of every fake provider invocation, plus any grandchild PID files in the project root. */
export function providerPids(project: FaultProject): number[] {
  const pids: number[] = [];
  const log = `${project.scenario}.log.jsonl`;
  if (existsSync(log)) {
    for (const line of readFileSync(log, 'utf8').split('\n')) {
      const match = /"pid":(\d+)/.exec(line);
      if (match?.[1]) pids.push(Number(match[1]));
    }
  }
  for (const entry of readdirSync(project.root)) {
    if (entry.endsWith('.pid')) pids.push(Number(readFileSync(join(project.root, entry), 'utf8')));
  }
  return pids;
}

/**
 * Provider processes still alive after samocode ended. A group samocode killed may still be dying
 * under load, so this waits for the deaths (returning at once when there is none to wait for).
 */
export async function orphansOf(project: FaultProject, extra: readonly number[] = []): Promise<number[]> {
  return waitForDeath([...providerPids(project), ...extra], 30_000);
}

/** Killed by the test if a row failed half-way. */
export function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    if (!isAlive(pid)) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) found.push(join(entry.parentPath, entry.name));
  }
  return found;
}

/**
 * Files samocode wrote (session folder except the provider's raw `_logs/`, the JSON log dir) and its
 * output that contain a planted secret. The raw provider stream is the CLI's own output, kept as is.
 */
export function leakedSecrets(project: FaultProject, end: RunEnd | undefined): string[] {
  const leaks: string[] = [];
  const places = [
    ...filesUnder(project.sessions).filter((file) => !file.includes('/_logs/')),
    ...filesUnder(join(project.root, 'logs')),
  ];
  for (const file of places) {
    if (statSync(file).size > 16 * 1024 * 1024) continue;
    const text = readFileSync(file, 'utf8');
    for (const [name, value] of Object.entries(SECRETS))
      if (text.includes(value)) leaks.push(`${name} in ${file}`);
  }
  if (end) {
    for (const [name, value] of Object.entries(SECRETS)) {
      if (end.stdout.includes(value)) leaks.push(`${name} on stdout`);
      if (end.stderr.includes(value)) leaks.push(`${name} on stderr`);
    }
  }
  return leaks;
}

export async function waitForFile(path: string, what: string, ms = FACT_DEADLINE_MS): Promise<void> {
  await pollUntil(() => (existsSync(path) ? true : undefined), what, ms);
}

export async function waitForInvocations(
  project: FaultProject,
  count: number,
  ms = FACT_DEADLINE_MS,
): Promise<void> {
  await pollUntil(
    () => (countInvocations(project) >= count ? true : undefined),
    `${count} provider invocation(s)`,
    ms,
  );
}
