import { afterEach, describe, expect, it } from 'vitest';
import { initialContext } from '../../machines/context.js';
import { createTelegramObserver } from '../../src/notify/telegram-observer.js';
import type { SendResult } from '../../src/notify/telegram-sender.js';
import type { TransitionInfo } from '../../src/runner/observer.js';
import { buildRedactor } from '../../src/text/redact.js';
import { DEFAULT_VIEW_SETTINGS } from '../../src/view/view-settings.js';
import { type FakeTelegram, startFakeTelegram } from '../helpers/telegram-server.js';

const TOKEN = '123456789:AAHfakeTokenForTestsOnly_abcdefghijklmnop';
const PLACE = {
  place: { folder: 's', dir: '/s/s', configPath: '/p/.samocode' },
  settings: DEFAULT_VIEW_SETTINGS,
};
let server: FakeTelegram | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const blockedAt = (iterations: number): TransitionInfo => ({
  sessionName: 's',
  event: { type: 'signal.blocked', reason: 'r', needs: 'clarification' },
  before: { value: { testing: 'running' }, status: 'active', context: initialContext() },
  after: {
    value: { testing: 'blocked' },
    status: 'active',
    context: {
      ...initialContext(),
      totalIterations: iterations,
      attempt: 1,
      blocked: { rule: 'agent', reason: 'r', needs: 'clarification' },
    },
  },
});

describe('createTelegramObserver', () => {
  it('sends each notification once, skips keys sent by an earlier run, and reports each key before sending', async () => {
    server = await startFakeTelegram('ok');
    const sending: string[] = [];
    const results: SendResult[] = [];
    const observer = createTelegramObserver({
      target: { botToken: TOKEN, chatId: '7', apiBase: server.apiBase },
      place: PLACE,
      redact: buildRedactor([TOKEN]),
      sentKeys: ['blocked:testing:1:1'],
      onSending: (key) => sending.push(key),
      onResult: (_n, result) => results.push(result),
    });
    observer.onTransition?.(blockedAt(1));
    observer.onTransition?.(blockedAt(2));
    observer.onTransition?.(blockedAt(2));
    await observer.onEnd?.({ sessionName: 's', exitCode: 11, final: blockedAt(2).after, message: 'blocked' });
    expect(sending).toEqual(['blocked:testing:2:1']);
    expect(results).toEqual([{ ok: true, attempts: 1 }]);
    expect(server.requests).toHaveLength(1);
    expect(JSON.parse(server.requests[0]?.body ?? '').text).toContain(
      'blocked in testing: the agent needs a clarification',
    );
  });

  it('returns from onTransition at once and lets onEnd wait only up to its cap for a hanging API', async () => {
    server = await startFakeTelegram('hang');
    const results: SendResult[] = [];
    const observer = createTelegramObserver({
      target: { botToken: TOKEN, chatId: '7', apiBase: server.apiBase },
      place: PLACE,
      redact: buildRedactor([]),
      onResult: (_n, result) => results.push(result),
      endCapMs: 200,
    });
    observer.onTransition?.(blockedAt(3));
    expect(results).toEqual([]);
    await server.waitForRequests(1);
    await observer.onEnd?.({ sessionName: 's', exitCode: 11, final: blockedAt(3).after, message: 'blocked' });
    // The cap elapsed while the send is still in flight: no result yet, and nothing threw.
    expect(results).toEqual([]);
  });
});

describe('createTelegramObserver keys', () => {
  it('forgets sent keys when a human resumes, so the same park notifies again', async () => {
    server = await startFakeTelegram('ok');
    const observer = createTelegramObserver({
      target: { botToken: TOKEN, chatId: '7', apiBase: server.apiBase },
      place: PLACE,
      redact: buildRedactor([]),
    });
    observer.onTransition?.(blockedAt(4));
    observer.onTransition?.({
      ...blockedAt(4),
      event: { type: 'resume' },
      before: blockedAt(4).after,
      after: blockedAt(4).before,
    });
    observer.onTransition?.(blockedAt(4));
    await observer.flush(5_000);
    expect(server.requests).toHaveLength(2);
  });
});
