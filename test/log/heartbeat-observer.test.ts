import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { initialContext } from '../../machines/context.js';
import { createHeartbeatObserver } from '../../src/log/heartbeat-observer.js';
import { createLogger } from '../../src/log/logger.js';
import { StatusTerminal } from '../../src/log/terminal.js';
import type { Progress } from '../../src/providers/types.js';
import { report } from './fixtures/attempt-report.js';

const progress = (fields: Partial<Progress> = {}): Progress => ({
  phase: 'implementation',
  iteration: 12,
  attempt: 2,
  provider: 'claude',
  model: 'opus',
  startedAt: 0,
  toolCalls: 0,
  inputTokens: 100,
  outputTokens: 0,
  costUsd: 0.01,
  costBasis: 'reported',
  ...fields,
});

/** A logger into a string, a hand-driven clock and a beat the test fires itself. */
function setUp(intervalMs = 60_000) {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  const handle = createLogger({
    logDir: false,
    console: true,
    level: 'info',
    env: {},
    terminal: new StatusTerminal(stream, false),
  });
  let clock = 0;
  let beat: (() => void) | undefined;
  const scheduled: number[] = [];
  let stops = 0;
  const observer = createHeartbeatObserver({
    logger: handle.logger,
    intervalMs,
    maxAttempts: 3,
    now: () => clock,
    schedule: (fire, ms) => {
      beat = fire;
      scheduled.push(ms);
      return () => {
        stops += 1;
        beat = undefined;
      };
    },
  });
  const lines = async () => {
    await handle.close();
    return text
      .replace(/^\d\d:\d\d:\d\d /gm, '')
      .split('\n')
      .filter((line) => line !== '');
  };
  return {
    observer,
    lines,
    at: (ms: number) => {
      clock = ms;
    },
    beat: () => beat?.(),
    isBeating: () => beat !== undefined,
    scheduled,
    stops: () => stops,
  };
}

const end = {
  sessionName: 's',
  exitCode: 0,
  final: { value: 'completed', status: 'done', context: initialContext() },
  message: 'ok',
} as const;

describe('heartbeat observer', () => {
  it('logs the running iteration on each beat, with the last tool and when it was called', async () => {
    const h = setUp();
    h.observer.onProgress?.(progress());
    h.at(60_000);
    h.beat();
    h.at(70_000);
    h.observer.onProgress?.(progress({ toolCalls: 1, lastTool: 'Read', inputTokens: 1_500 }));
    h.at(90_000);
    h.observer.onProgress?.(progress({ toolCalls: 2, lastTool: 'Bash', inputTokens: 2_500 }));
    // Figures that change without a new tool call keep the tool's time.
    h.at(100_000);
    h.observer.onProgress?.(progress({ toolCalls: 2, lastTool: 'Bash', inputTokens: 3_000, costUsd: 0.05 }));
    h.at(120_000);
    h.beat();
    expect(h.scheduled).toEqual([60_000]);
    expect(await h.lines()).toEqual([
      'info implementation: iteration 12 attempt 2 of 3 still running · 1m 00s · 0 tool calls · 100 tokens · $0.01 · no tool call yet',
      'info implementation: iteration 12 attempt 2 of 3 still running · 2m 00s · 2 tool calls · 3.0k tokens · $0.05 · last tool Bash 30s ago',
    ]);
  });

  it('stops beating when the attempt ends and starts again, tool forgotten, with the next attempt', async () => {
    const h = setUp();
    h.observer.onProgress?.(progress({ toolCalls: 3, lastTool: 'Edit' }));
    h.observer.onAttemptEnd?.(report);
    expect(h.isBeating()).toBe(false);
    h.beat();
    h.observer.onProgress?.(progress({ attempt: 3, startedAt: 200_000 }));
    h.at(260_000);
    h.beat();
    h.observer.onEnd?.(end);
    expect(h.isBeating()).toBe(false);
    expect(h.stops()).toBe(2);
    expect(await h.lines()).toEqual([
      'info implementation: iteration 12 attempt 3 of 3 still running · 1m 00s · 0 tool calls · 100 tokens · $0.01 · no tool call yet',
    ]);
  });

  it('names the tool of a first progress that already counts one, and resets for a new iteration', async () => {
    const h = setUp();
    h.at(5_000);
    h.observer.onProgress?.(progress({ toolCalls: 1, lastTool: 'Write' }));
    h.at(65_000);
    h.beat();
    h.observer.onProgress?.(progress({ iteration: 13, startedAt: 20_000 }));
    h.at(80_000);
    h.beat();
    expect(await h.lines()).toEqual([
      'info implementation: iteration 12 attempt 2 of 3 still running · 1m 05s · 1 tool call · 100 tokens · $0.01 · last tool Write 1m 00s ago',
      'info implementation: iteration 13 attempt 2 of 3 still running · 1m 00s · 0 tool calls · 100 tokens · $0.01 · no tool call yet',
    ]);
  });

  it('does nothing with an interval of 0', async () => {
    const h = setUp(0);
    h.observer.onProgress?.(progress({ toolCalls: 1 }));
    expect(h.scheduled).toEqual([]);
    expect(await h.lines()).toEqual([]);
  });
});
