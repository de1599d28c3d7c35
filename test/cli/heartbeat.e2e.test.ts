/**
 * A run without a terminal says an iteration is still running: a heartbeat line in the console
 * and in `session.log` while the fake claude works, with its figures and last tool. Integration tier.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pollUntil } from '../helpers/processes.js';
import { makeSessionCli, stopSessionRuns } from '../helpers/samocode-cli.js';
import { removeTempTrees } from '../helpers/temp-session.js';

afterEach(async () => {
  await stopSessionRuns();
  removeTempTrees();
});

const FACT_DEADLINE_MS = 60_000;
// The fake reports tokens per turn and its cost only in the result line, so the cost so far is estimated from the tokens.
const HEARTBEAT =
  /init: iteration 1 attempt 1 of 3 still running · \d+s · 1 tool call · 1\.2k tokens · ≈\$\d+\.\d+ \(estimated\) · last tool Write \d+s ago/;

describe('heartbeat without a terminal', { timeout: 120_000 }, () => {
  it('logs a still-running line to the console and session.log while the iteration runs, none after it ends', async () => {
    const cli = await makeSessionCli('beat', [], { env: { SAMOCODE_HEARTBEAT_SECONDS: '1' } });
    const release = join(cli.project.root, 'release');
    writeFileSync(
      cli.script,
      JSON.stringify({
        calls: [
          [
            { do: 'write', path: 'notes.txt', content: 'looked around\n' },
            { do: 'waitFile', path: release },
            { do: 'signal', content: { status: 'blocked', reason: 'stop here', needs: 'human_decision' } },
          ],
        ],
      }),
    );
    const run = cli.samocode('run');
    const sessionLog = () => join(cli.sessionDir(), 'session.log');
    const readLog = () => (existsSync(sessionLog()) ? readFileSync(sessionLog(), 'utf8') : '');
    // Two beats: the line repeats while the fake waits for the release.
    await pollUntil(
      () => (readLog().match(new RegExp(HEARTBEAT, 'g'))?.length ?? 0) >= 2 || undefined,
      'two heartbeat lines in session.log',
      FACT_DEADLINE_MS,
    );
    writeFileSync(release, '');
    const result = await run;
    expect(result.exitCode).toBe(11);
    expect(String(result.stderr)).toMatch(HEARTBEAT);
    const lines = readLog().split('\n');
    const ended = lines.findIndex((line) => line.includes('init: iteration 1 attempt 1 of 3 ended'));
    const beats = lines.flatMap((line, index) => (HEARTBEAT.test(line) ? [index] : []));
    expect(ended).toBeGreaterThan(0);
    expect(beats.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...beats)).toBeLessThan(ended);
  });

  it('refuses a heartbeat interval that is not a whole number of seconds, naming the variable', async () => {
    const cli = await makeSessionCli('beat', [], { env: { SAMOCODE_HEARTBEAT_SECONDS: 'often' } });
    const result = await cli.samocode('run');
    expect(result.exitCode).toBe(2);
    expect(String(result.stderr)).toContain('SAMOCODE_HEARTBEAT_SECONDS');
    expect(String(result.stderr)).toContain('"often"');
  });
});
