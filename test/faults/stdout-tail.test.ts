/**
 * Found by the fault matrix: the end of the provider's stdout (the `result` line included) went
 * missing on a busy machine. The cause was the fake claude calling `process.exit()` with up to
 * 16 KiB still queued on its stdout (a socketpair, so writes are asynchronous); it now flushes
 * first. This guards the whole path: every line the CLI writes reaches the log file and `onLine`,
 * on every run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnProvider } from '../../src/providers/spawn.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';
import { FAKE_CLAUDE } from './harness.js';

afterEach(removeTempTrees);

describe('spawnProvider keeps the whole stdout', () => {
  it('delivers all 2,005 lines of a garbage burst on 5 runs out of 5', async () => {
    const root = makeTempTree();
    const script = join(root, 'scenario.json');
    const steps = [
      { do: 'garbage', lines: 2000 },
      { do: 'signal', content: { status: 'continue' } },
    ];
    writeFileSync(script, JSON.stringify({ steps }));
    const counts: Array<[number, number]> = [];
    for (let run = 0; run < 5; run += 1) {
      let lines = 0;
      const logFile = join(root, `${run}.jsonl`);
      await spawnProvider({
        cliPath: FAKE_CLAUDE,
        args: ['-p', '--output-format', 'stream-json', '--verbose', '--dangerously-skip-permissions'],
        cwd: root,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          IS_SANDBOX: '1',
          ANTHROPIC_API_KEY: 'sk-test',
          FAKE_PROVIDER_SCRIPT: script,
          FAKE_SIGNAL_PATH: join(root, '_signal.json'),
        },
        input: 'prompt',
        logFile,
        stderrFile: join(root, `${run}.stderr.log`),
        timeoutMs: 30_000,
        killGraceMs: 1_000,
        onLine: () => {
          lines += 1;
          return false;
        },
      });
      counts.push([lines, readFileSync(logFile, 'utf8').split('\n').filter(Boolean).length]);
    }
    // init, 2,000 garbage lines, the Write tool_use and tool_result, the final text and the result.
    expect(counts).toEqual(Array.from({ length: 5 }, () => [EXPECTED_LINES, EXPECTED_LINES]));
  }, 60_000);
});

const EXPECTED_LINES = 2005;
