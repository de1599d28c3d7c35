/** Misspelt and unknown flags are named (with a suggestion), not reported as a missing --config/--session. */
import { afterEach, describe, expect, it } from 'vitest';
import { makeCliProject } from '../helpers/samocode-cli.js';
import { removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

describe('unknown flags', { timeout: 60_000 }, () => {
  it.each([
    [['run', '--bogus'], "error: unknown option '--bogus'"],
    [
      ['run', '--sesion', 'x', '--config', 'c'],
      "error: unknown option '--sesion'\n(Did you mean --session?)",
    ],
    [
      ['status', '--confg', 'c', '--session', 'x'],
      "error: unknown option '--confg'\n(Did you mean --config?)",
    ],
    [['approve', '--session', 'x', '--bogus'], "error: unknown option '--bogus'"],
  ])('samocode %j exits 2 naming the flag', async (args, message) => {
    const h = await makeCliProject([], { isGit: false });
    const result = await h.samocode(args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toContain('not specified');
  });

  it('still names a missing required option when every flag is known', async () => {
    const h = await makeCliProject([], { isGit: false });
    const result = await h.samocode(['run', '--config', h.project.configPath]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("error: required option '--session <name>' not specified");
  });
});
