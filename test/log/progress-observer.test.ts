import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { initialContext } from '../../machines/context.js';
import { createLogger } from '../../src/log/logger.js';
import { createProgressObserver } from '../../src/log/progress-observer.js';
import { StatusTerminal } from '../../src/log/terminal.js';
import type { Progress } from '../../src/providers/types.js';
import { report } from './fixtures/attempt-report.js';

const progress = (toolCalls: number): Progress => ({
  phase: 'implementation',
  iteration: 12,
  attempt: 2,
  provider: 'claude',
  model: 'opus',
  startedAt: 0,
  toolCalls,
  inputTokens: 100,
  outputTokens: 0,
  costUsd: 0.01,
  costBasis: 'reported',
});

function setUp(isTty: boolean) {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  const terminal = new StatusTerminal(stream, isTty);
  const handle = createLogger({ logDir: false, console: true, level: 'info', env: {}, terminal });
  const observer = createProgressObserver({ terminal, logger: handle.logger, now: () => 5_000, tickMs: 0 });
  const strip = (s: string) => s.replace(/^\d\d:\d\d:\d\d /gm, '');
  return { observer, handle, text: () => strip(text) };
}

describe('progress observer', () => {
  it('on a terminal redraws one status line, clears it, then prints the end line and the summary', async () => {
    const { observer, handle, text } = setUp(true);
    observer.onProgress?.(progress(1));
    observer.onProgress?.(progress(2));
    observer.onAttemptEnd?.(report);
    await observer.onEnd?.({
      sessionName: 's',
      exitCode: 0,
      final: { value: 'completed', status: 'done', context: initialContext() },
      message: 'ok',
    });
    await handle.close();
    const clear = '\r\u001b[2K';
    const line = (n: number) =>
      `implementation · iteration 12 · attempt 2 · 5s · ${n} tool call${n === 1 ? '' : 's'} · 100 tokens · $0.01`;
    expect(text().startsWith(`${clear}${line(1)}${clear}${line(2)}${clear}`)).toBe(true);
    expect(text()).toContain('implementation: iteration 12 attempt 2 ended: success');
    expect(text()).toContain('run summary\nphase ');
  });

  it('elsewhere logs plain start and end lines, once per attempt', async () => {
    const { observer, handle, text } = setUp(false);
    observer.onProgress?.(progress(1));
    observer.onProgress?.(progress(2));
    observer.onAttemptEnd?.(report);
    await handle.close();
    expect(text()).toBe(
      [
        'info implementation: iteration 12 attempt 2 started',
        'info implementation: iteration 12 attempt 2 ended: success · 3m 05s · 12.3k tokens · $0.42',
        '',
      ].join('\n'),
    );
  });
});
