/**
 * No reachable API: the run shows the CLI's own retries as they happen, stops after the first
 * attempt (no retries of ours on top of the CLI's), and names the cause with its fix. Integration tier.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readHistory } from '../../src/session/history.js';
import { makeCliProject, ROOT } from '../helpers/samocode-cli.js';
import { removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

const REAL_CLAUDE = join(ROOT, 'node_modules', '.bin', 'claude');
const FIX = 'Fix: check the network connection, and HTTPS_PROXY or ANTHROPIC_BASE_URL if you set them';

describe('samocode run with no reachable API [slow: ~15 s per test]', { timeout: 180_000 }, () => {
  it('fake claude: retry notices appear live, then one attempt ends the run with exit 12 and the fix', async () => {
    const h = await makeCliProject([[{ do: 'outcome', kind: 'network', retries: 3, retryDelayMs: 10 }]]);
    const run = await h.samocode(['run', '--config', h.project.configPath, '--session', 'offline'], {
      env: { SAMOCODE_MAX_RETRIES: '3' },
    });
    expect(run.exitCode).toBe(12);
    const lines = String(run.stderr).split('\n');
    const notices = lines.filter((line) => line.includes('the CLI is retrying its API request'));
    expect(notices.map((line) => line.replace(/^.*?warn /, ''))).toEqual([
      'init: iteration 1 attempt 1 of 3: the CLI is retrying its API request: cannot reach the API (retry 1 of 3, next in 0.0 s)',
      'init: iteration 1 attempt 1 of 3: the CLI is retrying its API request: cannot reach the API (retry 2 of 3, next in 0.0 s)',
      'init: iteration 1 attempt 1 of 3: the CLI is retrying its API request: cannot reach the API (retry 3 of 3, next in 0.0 s)',
    ]);
    const ended = lines.findIndex((line) => line.includes('attempt 1 of 3 ended: network'));
    expect(ended).toBeGreaterThan(lines.indexOf(notices[2] ?? ''));
    expect(run.stderr).not.toContain('attempt 2');
    expect(run.stderr).toContain(
      "claude: cannot reach the API after 3 retries of its own (API Error: Can't reach the API server — check your internet or DNS (ENOTFOUND))",
    );
    expect(run.stderr).toContain(FIX);
    const [dir] = h.sessionDirs();
    const rows = readHistory(join(dir ?? '', '_signal_history.jsonl')).rows;
    expect(rows.map((row) => [row.outcome, row.attempts])).toEqual([['network', 1]]);
  });

  it('fake claude still retrying when the time limit ends the attempt: one attempt, "cannot reach the API" everywhere, not a timeout', async () => {
    const h = await makeCliProject([
      [{ do: 'outcome', kind: 'network', retries: 10, retryDelayMs: 600_000 }],
    ]);
    const args = ['--config', h.project.configPath, '--session', 'offline'];
    const run = await h.samocode(['run', ...args, '--timeout', '3'], { env: { SAMOCODE_MAX_RETRIES: '3' } });
    expect(run.exitCode).toBe(12);
    expect(run.stderr).toContain('cannot reach the API (retry 1 of 10, next in 600.0 s)');
    expect(run.stderr).not.toContain('attempt 2');
    expect(run.stderr).toContain(
      'claude: cannot reach the API: it was still retrying (retry 1 of 10) when the time limit (3 s) ended the attempt',
    );
    expect(run.stderr).toContain('failed in init: cannot reach the API\n');
    expect(run.stderr).not.toContain('no result within the time limit');
    const [dir] = h.sessionDirs();
    const rows = readHistory(join(dir ?? '', '_signal_history.jsonl')).rows;
    expect(rows.map((row) => [row.outcome, row.attempts])).toEqual([['network', 1]]);
    const status = await h.samocode(['status', ...args]);
    expect(status.stdout).toContain('state: failed in init: cannot reach the API\n');
  });

  it('real claude 2.1.197 against a closed loopback port: one attempt, exit 12, "cannot reach the API" with the fix', async () => {
    const h = await makeCliProject();
    const run = await h.samocode(['run', '--config', h.project.configPath, '--session', 'offline'], {
      env: {
        CLAUDE_PATH: REAL_CLAUDE,
        ANTHROPIC_BASE_URL: 'http://127.0.0.1:9',
        CLAUDE_CODE_MAX_RETRIES: '2',
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        SAMOCODE_MAX_RETRIES: '3',
      },
    });
    expect(run.exitCode).toBe(12);
    expect(run.stderr).toContain(
      'the CLI is retrying its API request: cannot reach the API (retry 1 of 2, next in',
    );
    expect(run.stderr).toContain(
      'claude: cannot reach the API after 2 retries of its own (API Error: Unable to connect to API (ConnectionRefused))',
    );
    expect(run.stderr).toContain(FIX);
    expect(run.stderr).not.toContain('attempt 2');
  });
});
