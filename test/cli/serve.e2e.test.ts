/**
 * `submit` + `serve` through the built bin, with the fake claude and real git. The fake is reached
 * through a wrapper that picks its step by the session's history (rows so far), so an iteration
 * cut short by a SIGKILL plays the same step again, and each session plays its own path (the
 * happy path: its fourth iteration waits for the plan's approval unless `--auto-approve`).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { iterationRows, readHistory } from '../../src/session/history.js';
import { readFakeLog } from '../helpers/fake-log.js';
import { HAPPY_CALLS } from '../helpers/fleet-project.js';
import { initGitRepo } from '../helpers/git.js';
import { historyStepEnv, writeHistoryStepClaude } from '../helpers/history-step-claude.js';
import { pollUntil } from '../helpers/processes.js';
import { maxOverlap } from '../helpers/run-overlap.js';
import { ROOT, SAMOCODE_BIN } from '../helpers/samocode-bin.js';
import { makeProject, removeTempTrees } from '../helpers/temp-session.js';

const _FAKE_CLAUDE = join(ROOT, 'test', 'fixtures', 'bin', 'claude');
const NAMES = ['alpha', 'beta', 'gamma'];
const children: ResultPromise[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await child.catch(() => undefined);
  }
  removeTempTrees();
});

interface Run {
  readonly id: string;
  readonly session: string;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly outcome: { readonly failed?: string };
}

async function makeServeProject(sleepMs: number) {
  const project = makeProject({ 'scripts/': '', '.samocode': '' });
  writeFileSync(
    project.configPath,
    `MAIN_REPO=${project.mainRepo}\nWORKTREES=${project.worktrees}\nSESSIONS=${project.sessions}\nSAMOCODE_MAX_SESSIONS=2\n`,
  );
  await initGitRepo(project.mainRepo);
  const scripts = join(project.root, 'scripts');
  const calls = HAPPY_CALLS.map((steps) => [{ do: 'sleep', ms: sleepMs }, ...steps]);
  const env = historyStepEnv(
    project.root,
    writeHistoryStepClaude(project.root, project.sessions, scripts, calls),
  );
  const samocode = (args: readonly string[]) => {
    const child = execa('node', [SAMOCODE_BIN, ...args, '--config', project.configPath], {
      cwd: ROOT,
      env,
      reject: false,
    });
    children.push(child);
    return child;
  };
  const folderOf = (name: string) => readdirSync(project.sessions).find((folder) => folder.slice(9) === name);
  const historyOf = (name: string) => {
    const folder = folderOf(name);
    return folder ? readHistory(join(project.sessions, folder, '_signal_history.jsonl')).rows : [];
  };
  const isDone = (name: string) => historyOf(name).at(-1)?.state === 'completed';
  /** Provider starts, per session (the fake logs each one with its working directory). */
  const invocations = (name: string) =>
    HAPPY_CALLS.flatMap((_, index) =>
      (readFakeLog(join(scripts, `step-${index}.json`)) as { cwd: string }[]).filter((entry) =>
        entry.cwd.endsWith(`-${name}`),
      ),
    );
  const runs = (): Run[] => {
    const path = join(project.sessions, '_queue', 'runs.jsonl');
    return existsSync(path)
      ? readFileSync(path, 'utf8')
          .trim()
          .split('\n')
          .map((line): Run => JSON.parse(line))
      : [];
  };
  const submitAll = async () => {
    for (const name of NAMES) {
      const submitted = await samocode([
        'submit',
        '--session',
        name,
        '--task',
        `task ${name}`,
        '--auto-approve',
      ]);
      expect(submitted.exitCode, String(submitted.stderr)).toBe(0);
    }
  };
  return { project, samocode, historyOf, isDone, invocations, runs, submitAll };
}

describe('samocode submit and serve', () => {
  it('checks a request as run does, queues a session once, refuses a shared store, and ls shows the queue', {
    timeout: 120_000,
  }, async () => {
    const serve = await makeServeProject(0);
    const bad = await serve.samocode(['submit', '--session', 'alpha', '--max-cost', 'lots']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/max-cost|SAMOCODE_MAX_COST_USD/i);
    expect(existsSync(join(serve.project.sessions, '_queue', 'queued'))).toBe(false);
    const first = await serve.samocode(['submit', '--session', 'alpha', '--task', 'one']);
    expect(first.exitCode, String(first.stderr)).toBe(0);
    expect(first.stdout).toMatch(/^queued \d\d-\d\d-\d\d-alpha/);
    const again = await serve.samocode(['submit', '--session', 'alpha', '--task', 'two']);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('queued already');
    expect(readdirSync(join(serve.project.sessions, '_queue', 'queued'))).toHaveLength(1);
    writeFileSync(
      serve.project.configPath,
      `${readFileSync(serve.project.configPath, 'utf8')}SAMOCODE_STORE=postgres://nobody@127.0.0.1:1/samocode\n`,
    );
    const shared = await serve.samocode(['serve']);
    expect(shared.exitCode).toBe(2);
    expect(shared.stderr).toContain('SAMOCODE_STORE is set');
    writeFileSync(
      serve.project.configPath,
      readFileSync(serve.project.configPath, 'utf8').replace(/^SAMOCODE_STORE=.*\n/m, ''),
    );
    const listed = await serve.samocode(['ls']);
    expect(listed.exitCode, String(listed.stderr)).toBe(0);
    expect(listed.stdout).toMatch(/alpha.*QUEUED/);
  });

  it('runs three queued sessions, at most two at once, all to completion [slow]', {
    timeout: 600_000,
  }, async () => {
    const serve = await makeServeProject(300);
    await serve.submitAll();
    const server = serve.samocode(['serve']);
    let mostLocks = 0;
    await pollUntil(
      () => {
        const folders = readdirSync(serve.project.sessions).filter((name) => !name.startsWith('_'));
        const locks = folders.filter((folder) =>
          existsSync(join(serve.project.sessions, folder, '_run.lock')),
        );
        mostLocks = Math.max(mostLocks, locks.length);
        return NAMES.every(serve.isDone) ? true : undefined;
      },
      'every session to complete under one serve',
      500_000,
    );
    server.kill('SIGTERM');
    const ended = await server;
    expect(ended.exitCode, String(ended.stderr)).toBe(0);
    expect(mostLocks).toBeLessThanOrEqual(2);
    const runs = serve.runs();
    expect(runs.map((run) => run.session.slice(9)).sort()).toEqual(NAMES);
    expect(maxOverlap(runs)).toBe(2);
    for (const name of NAMES) {
      expect(serve.historyOf(name).map((row) => row.iteration)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(serve.invocations(name)).toHaveLength(7);
    }
    expect(readdirSync(join(serve.project.sessions, '_queue', 'running'))).toEqual([]);
  });

  it('a serve SIGKILLed mid-run and started again completes every session once [slow]', {
    timeout: 600_000,
  }, async () => {
    const serve = await makeServeProject(1500);
    await serve.submitAll();
    const first = serve.samocode(['serve']);
    // Killed while two providers are mid-iteration (started, no history row for it yet).
    await pollUntil(
      () => {
        const busy = NAMES.filter(
          (name) =>
            serve.invocations(name).length > serve.historyOf(name).length && serve.historyOf(name).length > 0,
        );
        return busy.length === 2 ? true : undefined;
      },
      'two sessions in the middle of an iteration',
      300_000,
    );
    first.kill('SIGKILL');
    await first;
    const second = serve.samocode(['serve']);
    await pollUntil(
      () => (NAMES.every(serve.isDone) ? true : undefined),
      'every session to complete',
      500_000,
    );
    second.kill('SIGTERM');
    const ended = await second;
    expect(ended.exitCode, String(ended.stderr)).toBe(0);
    for (const name of NAMES) {
      // One history row per iteration: the iteration the kill cut short was run again, not doubled.
      expect(serve.historyOf(name).map((row) => row.iteration)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    }
    const runs = serve.runs();
    // The restarted serve put the killed one's two claims back in the queue.
    const reaped = runs.filter((run) => /serve-.* died/.test(String(run.outcome.failed)));
    expect(reaped).toHaveLength(2);
    for (const name of NAMES) {
      expect(maxOverlap(runs.filter((run) => run.session.endsWith(`-${name}`)))).toBe(1);
    }
    expect(readdirSync(join(serve.project.sessions, '_queue', 'running'))).toEqual([]);
    expect(readdirSync(join(serve.project.sessions, '_queue', 'queued'))).toEqual([]);
  });

  it('a serve stopped by SIGTERM queues its running sessions again, and the next serve completes them [slow]', {
    timeout: 600_000,
  }, async () => {
    const serve = await makeServeProject(1500);
    await serve.submitAll();
    const first = serve.samocode(['serve']);
    await pollUntil(
      () => (NAMES.filter((name) => serve.invocations(name).length > 0).length === 2 ? true : undefined),
      'two sessions running',
      300_000,
    );
    first.kill('SIGTERM');
    const stopped = await first;
    expect(stopped.exitCode, String(stopped.stderr)).toBe(0);
    expect(stopped.stderr).toMatch(/stopped; queued again for the next serve/);
    const queue = join(serve.project.sessions, '_queue');
    expect(readdirSync(join(queue, 'running'))).toEqual([]);
    expect(readdirSync(join(queue, 'queued'))).toHaveLength(3);
    const folders = readdirSync(serve.project.sessions).filter((name) => !name.startsWith('_'));
    expect(folders.filter((folder) => existsSync(join(serve.project.sessions, folder, '_run.lock')))).toEqual(
      [],
    );
    const second = serve.samocode(['serve']);
    await pollUntil(
      () => (NAMES.every(serve.isDone) ? true : undefined),
      'every session to complete',
      500_000,
    );
    second.kill('SIGTERM');
    expect((await second).exitCode).toBe(0);
    for (const name of NAMES) {
      expect(serve.historyOf(name).map((row) => row.iteration)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    }
  });

  it('a session waiting at a gate under serve goes on when it is approved from the CLI', {
    timeout: 300_000,
  }, async () => {
    const serve = await makeServeProject(0);
    const submitted = await serve.samocode(['submit', '--session', 'delta', '--task', 'wait for me']);
    expect(submitted.exitCode, String(submitted.stderr)).toBe(0);
    const server = serve.samocode(['serve']);
    await pollUntil(
      () => (serve.historyOf('delta').length === 4 ? true : undefined),
      'the session to stop at the plan-approval gate',
      200_000,
    );
    const approved = await serve.samocode(['approve', '--session', 'delta']);
    expect(approved.exitCode, String(approved.stderr)).toBe(0);
    await pollUntil(() => (serve.isDone('delta') ? true : undefined), 'the session to complete', 200_000);
    server.kill('SIGTERM');
    expect((await server).exitCode).toBe(0);
    const rows = serve.historyOf('delta');
    expect(iterationRows(rows).map((row) => row.iteration)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(rows.filter((row) => row.decision !== undefined)).toHaveLength(1);
    // One claim: the run waited at the gate inside serve, and went on there.
    expect(serve.runs()).toHaveLength(1);
  });
});
