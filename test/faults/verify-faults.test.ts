/**
 * Faults of the VERIFY command, each through real `samocode run` processes (the fake claude takes
 * the session to `done`, then samocode runs VERIFY in the worktree): the worktree removed before
 * verification, secrets in its output, a `setsid` daemon it starts, and a background child that
 * keeps its output open.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { readHistory } from '../../src/session/history.js';
import { SESSION_FILES } from '../../src/session/paths.js';
import { removeTempTrees } from '../helpers/temp-session.js';
import {
  type FaultProject,
  findSessionDir,
  killAll,
  leakedSecrets,
  makeFaultProject,
  orphansOf,
  providerPids,
  type RunEnd,
  runArgs,
  type Step,
  startSamocode,
  writeScenario,
} from './harness.js';

const projects: FaultProject[] = [];
afterAll(() => {
  for (const project of projects) killAll(providerPids(project));
  removeTempTrees();
});

const signal = (content: Record<string, unknown>): Step => ({ do: 'signal', content });
/** init → … → done, plan approval answered by `--auto-approve`. */
const TO_DONE: readonly (readonly Step[])[] = [
  [signal({ status: 'continue', phase: 'investigation' })],
  [signal({ status: 'continue', phase: 'requirements' })],
  [signal({ status: 'continue', phase: 'planning' })],
  [signal({ status: 'waiting', for: 'plan_approval' })],
  [signal({ status: 'continue', phase: 'testing' })],
  [signal({ status: 'continue', phase: 'done' })],
];
const DONE = signal({ status: 'done', summary: 'finished' });

/** Values that match no token shape: only the environment tells the redactor they are secret. */
const PLAIN_SECRETS = {
  DEPLOY_API_TOKEN: 'plain-deploy-value-4711',
  SHOP_PASSWORD: 'correct-horse-battery-staple',
} as const;

interface VerifyRun {
  readonly project: FaultProject;
  readonly end: RunEnd;
  readonly sessionDir: string;
}

async function runVerifyRow(
  verify: string,
  lastCall: readonly Step[],
  env: Record<string, string> = {},
): Promise<VerifyRun> {
  const project = makeFaultProject();
  projects.push(project);
  appendFileSync(project.configPath, `VERIFY=${verify.replaceAll('ROOT', project.root)}\n`);
  writeScenario(project, [...TO_DONE, lastCall]);
  const run = startSamocode(project, runArgs(project, 'fault', ['--auto-approve']), { env });
  let end: RunEnd | undefined;
  try {
    end = await run.done;
    const sessionDir = findSessionDir(project);
    if (sessionDir === undefined) throw new Error(`no session folder: ${end.stderr}`);
    return { project, end, sessionDir };
  } finally {
    // Whatever a row left alive is killed after its checks (afterAll), not before them.
    if (end === undefined) killAll([run.pid]);
  }
}

const printed = (run: VerifyRun) => `${run.end.stdout}\n${run.end.stderr}`;
const verifyRows = (run: VerifyRun) =>
  readHistory(join(run.sessionDir, SESSION_FILES.history)).rows.filter((row) => row.receipt !== undefined);

describe('VERIFY faults', { timeout: 600_000 }, () => {
  it.concurrent('the worktree removed before verification ends as a clear block, lock released', async () => {
    const run = await runVerifyRow('true', [{ do: 'shell', command: 'rm -rf "$(pwd)"' }, DONE]);
    expect(printed(run)).not.toContain('internal error');
    expect(run.end.code, run.end.stderr).toBe(EXIT.blocked);
    expect(printed(run)).toMatch(/no longer exists/);
    expect(existsSync(join(run.sessionDir, SESSION_FILES.lock))).toBe(false);
    expect(existsSync(join(run.sessionDir, SESSION_FILES.providerGroup))).toBe(false);
    expect(await orphansOf(run.project)).toEqual([]);
  });

  it.concurrent('secret values the VERIFY command prints are redacted in the receipt', async () => {
    const run = await runVerifyRow('echo "token $DEPLOY_API_TOKEN password $SHOP_PASSWORD"', [DONE], {
      ...PLAIN_SECRETS,
      SAMOCODE_REDACT_VARS: 'SHOP_PASSWORD',
    });
    expect(run.end.code, run.end.stderr).toBe(EXIT.complete);
    expect(verifyRows(run).at(-1)?.receipt?.tail).toBe('token [redacted] password [redacted]');
    for (const file of [SESSION_FILES.state, SESSION_FILES.history, SESSION_FILES.overview]) {
      const text = readFileSync(join(run.sessionDir, file), 'utf8');
      for (const value of Object.values(PLAIN_SECRETS)) expect(text, file).not.toContain(value);
    }
    expect(leakedSecrets(run.project, run.end)).toEqual([]);
  });

  it.concurrent('a setsid daemon the VERIFY command starts does not outlive samocode', async () => {
    const pidFile = 'ROOT/verify-daemon.pid';
    const run = await runVerifyRow(
      `setsid sh -c 'echo $$ > ${pidFile}.tmp && mv ${pidFile}.tmp ${pidFile}; exec sleep 300' </dev/null >/dev/null 2>&1 & while [ ! -s ${pidFile} ]; do sleep 0.05; done; echo daemon started`,
      [DONE],
    );
    expect(run.end.code, run.end.stderr).toBe(EXIT.complete);
    expect(existsSync(join(run.project.root, 'verify-daemon.pid'))).toBe(true);
    expect(await orphansOf(run.project)).toEqual([]);
  });

  it.concurrent('a background child holding the output ends the wait when the command exits', async () => {
    const run = await runVerifyRow('sleep 300 & echo $! > ROOT/verify-child.pid; echo checked', [DONE], {
      SAMOCODE_VERIFY_TIMEOUT: '120',
    });
    expect(run.end.code, run.end.stderr).toBe(EXIT.complete);
    const receipt = verifyRows(run).at(-1)?.receipt;
    expect(receipt).toMatchObject({ exitCode: 0, timedOut: false, tail: 'checked' });
    const log = readFileSync(receipt?.logFile ?? '', 'utf8');
    expect(log).toContain('[exit 0; a process it started still held the output, and was stopped]');
    expect(log).not.toContain('timed out');
    expect(await orphansOf(run.project)).toEqual([]);
  });
});
