/** Budgets, `plan` and stalls as a user meets them: the real CLI, a real git repo, the fake claude. Integration tier. */
import { readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { initGitRepo } from '../helpers/git.js';
import { makeProject, removeTempTrees } from '../helpers/temp-session.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'src', 'cli', 'bin.ts');
const FAKE_CLAUDE = join(ROOT, 'test', 'fixtures', 'bin', 'claude');

const running: ResultPromise[] = [];
afterEach(async () => {
  for (const child of running.splice(0)) {
    child.kill('SIGKILL');
    await child.catch(() => undefined);
  }
  removeTempTrees();
});

async function setUp(calls: unknown[], extraEnv: Record<string, string> = {}) {
  const project = makeProject();
  await initGitRepo(project.mainRepo);
  const script = join(project.root, 'scenario.json');
  writeFileSync(script, JSON.stringify({ calls }));
  const env = {
    HOME: project.root,
    SAMOCODE_LOG_DIR: join(project.root, 'logs'),
    FAKE_PROVIDER_SCRIPT: script,
    CLAUDE_PATH: FAKE_CLAUDE,
    ANTHROPIC_API_KEY: 'sk-ant-fake',
    IS_SANDBOX: '1',
    SAMOCODE_RETRY_DELAY: '0',
    SAMOCODE_KILL_GRACE: '1',
    ...extraEnv,
  };
  const samocode = (...args: string[]) => {
    const child = execa(
      'node',
      ['--import', 'tsx', BIN, ...args, '--config', project.configPath, '--session', 'demo'],
      {
        cwd: ROOT,
        env,
        reject: false,
      },
    );
    running.push(child);
    return child;
  };
  const sessionDir = () => join(project.sessions, readdirSync(project.sessions)[0] ?? 'none');
  return { project, samocode, sessionDir, script };
}

describe('samocode plan (fake claude, real git) [slow]', { timeout: 120_000 }, () => {
  it('prints the worst case of a fresh session from the registry budgets and the settings', async () => {
    const h = await setUp([], {
      CLAUDE_TIMEOUT: '600',
      SAMOCODE_MAX_RETRIES: '2',
      SAMOCODE_RETRY_DELAY: '10',
    });
    const plan = await h.samocode('plan', '--max-cost', '5');
    expect(plan.exitCode).toBe(0);
    const lines = String(plan.stdout).split('\n');
    expect(lines[0]).toBe('worst case from init.running, before the session must stop for a human:');
    expect(lines[1]).toBe(
      '  iterations: 178 (init 5, investigation 20, requirements 10, planning 10, implementation 100, testing 20, quality 10, done 3)',
    );
    expect(lines[2]).toBe('  attempts: 359 = (178 + 1) iterations × 2 attempts + 1 after a usage-limit wait');
    // 359 × 600 s + 179 × 10 s + 6 h = 238,790 s.
    expect(lines[3]).toBe(
      '  wall time: 66.3 h = 359 attempts × 600 s + 179 × 10 s backoff + 6.0 h longest usage-limit wait',
    );
    expect(lines[4]).toMatch(/^ {2}cost: at most \$5\.00 \(the cap; spent \$0\.00 so far\)/);
    const json = await h.samocode('plan', '--json');
    expect(JSON.parse(String(json.stdout)).bound).toMatchObject({ iterations: 178, attempts: 359 });
  });
});
