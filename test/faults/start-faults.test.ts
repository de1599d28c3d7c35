/**
 * A provider CLI that cannot be started mid-session, through real `samocode run` processes: the
 * CLI's file removed after the first iteration (an uninstall, a moved install) must be named as
 * missing, not blamed on the CLI's version.
 */
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { removeTempTrees } from '../helpers/temp-session.js';
import {
  killAll,
  makeFaultProject,
  orphansOf,
  providerPids,
  REPO_ROOT,
  type RunEnd,
  runArgs,
  startSamocode,
  writeScenario,
} from './harness.js';

afterAll(() => removeTempTrees());

describe('a provider CLI gone mid-session', { timeout: 600_000 }, () => {
  it.concurrent.each([
    ['claude', { CLAUDE_PATH: '' }],
    ['codex', { SAMOCODE_PROVIDER: 'codex', CODEX_PATH: '', CODEX_API_KEY: 'sk-test-fault-0000' }],
  ] as const)('%s: the next attempt says the CLI is gone and where', async (name, env) => {
    const project = makeFaultProject();
    // A wrapper that removes itself when it first runs, as an uninstall would remove the real CLI.
    const cli = join(project.root, `${name}-cli`);
    writeFileSync(cli, `#!/bin/sh\nrm -f "$0"\nexec ${join(REPO_ROOT, 'test/fixtures/bin', name)} "$@"\n`);
    chmodSync(cli, 0o755);
    writeScenario(project, [[{ do: 'signal', content: { status: 'continue', phase: 'investigation' } }]]);
    const pathKey = name === 'claude' ? 'CLAUDE_PATH' : 'CODEX_PATH';
    const run = startSamocode(project, runArgs(project), { env: { ...env, [pathKey]: cli } });
    let end: RunEnd | undefined;
    try {
      end = await run.done;
      const printed = `${end.stdout}\n${end.stderr}`;
      expect(end.code, printed).toBe(EXIT.providerFailed);
      expect(printed).toContain(`${name}: the CLI ${cli} is gone (ENOENT)`);
      expect(printed).not.toContain(`check the ${name} version`);
      expect(await orphansOf(project)).toEqual([]);
    } finally {
      if (end === undefined) killAll([run.pid]);
      killAll(providerPids(project));
      rmSync(cli, { force: true });
    }
  });
});
