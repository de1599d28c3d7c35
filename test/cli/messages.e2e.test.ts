/** What a new user reads: status and approve agree on a missing session; waits name files by full path. Integration tier. */
import { afterEach, describe, expect, it } from 'vitest';
import { makeCliProject } from '../helpers/samocode-cli.js';
import { removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

const signal = (content: Record<string, unknown>) => [{ do: 'signal', content }];

describe('messages [slow: ~5 s per command]', { timeout: 120_000 }, () => {
  it('status and approve both exit 2 on a session that does not exist, creating nothing', async () => {
    const h = await makeCliProject();
    const args = ['--config', h.project.configPath, '--session', 'nope'];
    const status = await h.samocode(['status', ...args]);
    const approve = await h.samocode(['approve', ...args]);
    expect([status.exitCode, approve.exitCode]).toEqual([2, 2]);
    expect(status.stderr).toContain(`samocode: no session "nope" in ${h.project.sessions}`);
    expect(h.sessionDirs()).toEqual([]);
  });

  it('a Q&A wait names _qa.md by its full path and the command to run next', async () => {
    const h = await makeCliProject([
      signal({ status: 'continue', phase: 'investigation' }),
      signal({ status: 'continue', phase: 'requirements' }),
      signal({ status: 'waiting', for: 'qa_answers' }),
    ]);
    const run = await h.samocode(['run', '--config', h.project.configPath, '--session', 'qa']);
    expect(run.exitCode).toBe(10);
    const [dir] = h.sessionDirs();
    expect(run.stderr).toContain(
      `waiting for a human (qa_answers); answer the questions in ${dir}/_qa.md; when done, run: samocode run --config ${h.project.configPath} --session`,
    );
  });
});
