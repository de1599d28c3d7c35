/** Stop the runner at several points (SIGKILL of a real runner process, or a torn state/history pair): same end, no lost or doubled rows. */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { PHASE_REGISTRY } from '../../machines/phases.js';
import { defaultSettings } from '../../machines/workflow.js';
import { runSession } from '../../src/runner/run-session.js';
import { readHistory } from '../../src/session/history.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';
import { happyPath, scriptedProvider } from './scripted-provider.js';

afterEach(removeTempTrees);

const RUNNER = resolve(import.meta.dirname, 'fixtures', 'crash-runner.ts');

function finish(sessionDir: string, once = false) {
  return runSession({
    sessionDir,
    place: {
      sessionName: 'crash',
      sessionDir,
      workDir: sessionDir,
      mainRepo: sessionDir,
      worktreePath: sessionDir,
      branch: 'crash',
    },
    createProvider: scriptedProvider(happyPath).create,
    settings: { ...defaultSettings(PHASE_REGISTRY), retryDelayMs: 0 },
    provider: 'claude',
    model: 'opus',
    configPath: '/p/.samocode',
    autoApprove: true,
    once,
    warn: () => undefined,
  });
}

const iterationsOf = (dir: string) =>
  readHistory(join(dir, '_signal_history.jsonl')).rows.map((row) => row.iteration);

describe('crash safety [slow: a tsx child per kill point]', { timeout: 60_000 }, () => {
  it.each([
    [3, 'hang'],
    [2, 'attempt-end'],
    [5, 'transition'],
  ])('SIGKILL at iteration %i (%s), then a new run: completed with rows 1..7 once each', async (at, mode) => {
    const dir = join(makeTempTree(), 'session');
    const child = execa('node', ['--import', 'tsx', RUNNER, dir, String(at), mode], { reject: false });
    if (mode === 'hang') {
      const deadline = Date.now() + 20_000;
      while (!existsSync(join(dir, 'hanging')) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 25));
      child.kill('SIGKILL');
    }
    const ended = await child;
    expect(ended.signal).toBe('SIGKILL');
    const before = iterationsOf(dir);
    expect(before).toEqual(Array.from({ length: mode === 'transition' ? at : at - 1 }, (_, i) => i + 1));
    const end = await finish(dir);
    expect(end.exitCode).toBe(0);
    expect(end.final.value).toBe('completed');
    expect(iterationsOf(dir)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('a crash after the state write but before the history append is reconciled on start', async () => {
    const dir = join(makeTempTree(), 'session');
    for (let i = 0; i < 3; i += 1) await finish(dir, true);
    const history = join(dir, '_signal_history.jsonl');
    const lines = readFileSync(history, 'utf8').trimEnd().split('\n');
    writeFileSync(history, `${lines.slice(0, -1).join('\n')}\n`);
    expect(iterationsOf(dir)).toEqual([1, 2]);
    await finish(dir, true);
    expect(iterationsOf(dir)).toEqual([1, 2, 3, 4]);
  });

  it('a crash before the state write re-runs the iteration and records it once', async () => {
    const dir = join(makeTempTree(), 'session');
    await finish(dir, true);
    copyFileSync(join(dir, '_state.json'), join(dir, 'state.before'));
    await finish(dir, true);
    // Roll back to the moment before iteration 2's state write: no state, no row.
    copyFileSync(join(dir, 'state.before'), join(dir, '_state.json'));
    const history = join(dir, '_signal_history.jsonl');
    writeFileSync(history, `${readFileSync(history, 'utf8').trimEnd().split('\n')[0]}\n`);
    const end = await finish(dir);
    expect(end.exitCode).toBe(0);
    expect(iterationsOf(dir)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
