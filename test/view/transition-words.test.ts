/**
 * The console line of a usage-limit wait and of a failed check: the cause said where the user
 * looks, with the reset time and the wait, or the command, its exit code and its log (through the
 * real log observer and console logger).
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { initialContext } from '../../machines/context.js';
import type { Receipt } from '../../machines/receipt.js';
import { createLogObserver } from '../../src/log/log-observer.js';
import { createLogger } from '../../src/log/logger.js';
import { StatusTerminal } from '../../src/log/terminal.js';
import type { TransitionInfo } from '../../src/runner/observer.js';
import { describeTransitionCause } from '../../src/view/transition-words.js';

const NOW = Date.parse('2026-12-07T15:00:00.000Z');

const failedCheck: Receipt = {
  command: 'npm test',
  exitCode: 1,
  durationMs: 2100,
  timedOut: false,
  head: 'abc',
  clean: true,
  uncommitted: 0,
  commitsBeyondBase: 1,
  tail: 'FAIL',
  logFile: '/s/x/_logs/007-verify.log',
};

const limited: TransitionInfo = {
  sessionName: 's',
  event: {
    type: 'agent.limited',
    waitMs: 7_500_000,
    resetsAt: '2026-12-07T17:05:00.000Z',
    message: 'claude: limit',
    at: Date.parse('2026-12-07T15:00:00.000Z'),
  },
  before: { value: { implementation: 'running' }, status: 'active', context: initialContext() },
  after: {
    value: { implementation: 'suspended' },
    status: 'active',
    context: {
      ...initialContext(),
      suspension: { waitMs: 7_500_000, resetsAt: '2026-12-07T17:05:00.000Z', message: 'claude: limit' },
    },
  },
};

const checkFailed: TransitionInfo = {
  sessionName: 's',
  event: { type: 'verify.failed', receipt: failedCheck },
  before: { value: { done: 'verifying' }, status: 'active', context: initialContext() },
  after: { value: { testing: 'running' }, status: 'active', context: initialContext() },
};

describe('the cause of a transition, said on the console', () => {
  it('a usage-limit wait names its reset time and how long it waits', () => {
    expect(describeTransitionCause(limited, NOW)).toBe(
      'implementation: waiting out a usage limit until 2026-12-07 17:05 UTC (2 h 5 min from now); it continues by itself (claude: limit)',
    );
  });

  it('a failed check names the command, its exit code, how long it ran and its log', () => {
    expect(describeTransitionCause(checkFailed, NOW)).toBe(
      "done: samocode's check of the agent's done failed: `npm test` exited 1 after 2.1 s; its output is in /s/x/_logs/007-verify.log; back to testing",
    );
  });

  it('other transitions have no such line', () => {
    expect(
      describeTransitionCause({ ...checkFailed, event: { type: 'signal.continue', target: 'testing' } }, NOW),
    ).toBeUndefined();
  });

  it('the log observer prints both as warnings on the console', async () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    const log = createLogger({
      logDir: false,
      console: true,
      level: 'info',
      env: {},
      terminal: new StatusTerminal(stream, false),
    });
    const observer = createLogObserver(log.logger, {}, () => new Date(NOW));
    observer.onTransition?.(limited);
    observer.onTransition?.(checkFailed);
    await log.close();
    const warnings = text
      .split('\n')
      .filter((line) => / warn /.test(line))
      .map((line) => line.replace(/^\S+ warn /, ''));
    expect(warnings).toEqual([
      'implementation: waiting out a usage limit until 2026-12-07 17:05 UTC (2 h 5 min from now); it continues by itself (claude: limit)',
      "done: samocode's check of the agent's done failed: `npm test` exited 1 after 2.1 s; its output is in /s/x/_logs/007-verify.log; back to testing",
    ]);
  });
});
