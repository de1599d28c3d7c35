/**
 * As root, `doctor` and `run` say the same about IS_SANDBOX: the problem and the fix that
 * `doctor --json` reports are, word for word, what `run` lists before it creates anything.
 */
import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCliProject } from '../helpers/samocode-cli.js';
import { removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

const isRoot = process.getuid?.() === 0;

describe.runIf(isRoot)('IS_SANDBOX as root, in doctor and in run', { timeout: 60_000 }, () => {
  it.each([
    [
      'not set',
      undefined,
      'claude refuses --dangerously-skip-permissions as root, and IS_SANDBOX is not set',
    ],
    ['empty', '', 'claude refuses --dangerously-skip-permissions as root, and IS_SANDBOX is empty'],
    [
      'not 1',
      'yes',
      'claude refuses --dangerously-skip-permissions as root unless IS_SANDBOX is exactly 1, and it is "yes"',
    ],
  ])('IS_SANDBOX %s: one problem and one fix, the same in both', async (_case, value, problem) => {
    const h = await makeCliProject();
    const env = { IS_SANDBOX: value };
    const doctor = await h.samocode(['doctor', '--config', h.project.configPath, '--json'], { env });
    expect(doctor.exitCode).toBe(2);
    const checks = JSON.parse(String(doctor.stdout)).checks as Array<{
      id: string;
      message: string;
      fix: string;
    }>;
    const root = checks.find((entry) => entry.id === 'provider.root');
    expect(root).toEqual({
      id: 'provider.root',
      status: 'fail',
      message: problem,
      fix: 'set IS_SANDBOX=1 (in the environment, or in a .env file next to .samocode) if this machine is a sandbox, or run samocode as a normal user',
    });
    const text = await h.samocode(['doctor', '--config', h.project.configPath], { env });
    const lines = String(text.stdout).split('\n');
    const at = lines.findIndex((line) => line.startsWith('FAIL  provider.root '));
    expect(lines[at]?.replace(/^FAIL {2}provider\.root +/, '')).toBe(root?.message);
    expect(lines[at + 1]?.trim()).toBe(`fix: ${root?.fix}`);

    const run = await h.samocode(['run', '--config', h.project.configPath, '--session', 'root'], { env });
    expect(run.exitCode).toBe(2);
    expect(String(run.stderr).split('\n')).toContain(`  - ${root?.message}; fix: ${root?.fix}`);
    expect(readdirSync(h.project.sessions)).toEqual([]);
  });
});
