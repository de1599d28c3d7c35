import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { initialContext } from '../../machines/context.js';
import { buildObservers } from '../../src/cli/commands/run-observers.js';
import { createLogger } from '../../src/log/logger.js';
import { StatusTerminal } from '../../src/log/terminal.js';
import { type FakeTelegram, startFakeTelegram } from '../helpers/telegram-server.js';

const TOKEN = '123456789:AAHfakeTokenForTestsOnly_abcdefghijklmnop';
let server: FakeTelegram | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function logHandle(isTty = false) {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  const log = createLogger({
    logDir: false,
    console: true,
    level: 'info',
    env: { TELEGRAM_BOT_TOKEN: TOKEN },
    terminal: new StatusTerminal(stream, isTty),
  });
  return { log, text: () => text };
}

describe('buildObservers', () => {
  it('builds log and progress observers, and warns when only half of Telegram is configured', async () => {
    const { log, text } = logHandle();
    const observers = buildObservers({
      sessionName: 's',
      configPath: '/p/.samocode',
      log,
      telegram: { botToken: TOKEN },
    });
    await log.close();
    expect(observers).toHaveLength(2);
    expect(text()).toContain(
      'telegram: TELEGRAM_CHAT_ID is not set, so no notifications are sent; set both or neither',
    );
  });

  it('adds the heartbeat only without a terminal and with an interval', async () => {
    const count = async (isTty: boolean, heartbeatMs?: number) => {
      const { log } = logHandle(isTty);
      const observers = buildObservers({
        sessionName: 's',
        configPath: '/p/.samocode',
        log,
        ...(heartbeatMs === undefined ? {} : { heartbeatMs }),
      });
      await log.close();
      return observers.length;
    };
    expect(await count(false, 60_000)).toBe(3);
    expect(await count(true, 60_000)).toBe(2);
    expect(await count(false, 0)).toBe(2);
    expect(await count(false)).toBe(2);
  });

  it('adds Telegram when token and chat id are set, persists the key first and logs the result', async () => {
    server = await startFakeTelegram('ok');
    const { log, text } = logHandle();
    const persisted: string[] = [];
    const observers = buildObservers({
      sessionName: 's',
      configPath: '/p/.samocode',
      log,
      progress: false,
      telegram: { botToken: TOKEN, chatId: '9', apiBase: server.apiBase },
      onNotificationSending: (key) => persisted.push(key),
    });
    expect(observers).toHaveLength(2);
    const final = {
      value: 'completed',
      status: 'done',
      context: {
        ...initialContext(),
        totalIterations: 4,
        attempt: 1,
        summary: `all done, bot token was ${TOKEN}`,
      },
    };
    for (const observer of observers) {
      observer.onTransition?.({
        sessionName: 's',
        event: { type: 'signal.done', summary: 'all done' },
        before: { value: { done: 'running' }, status: 'active', context: initialContext() },
        after: final,
      });
    }
    for (const observer of observers)
      await observer.onEnd?.({ sessionName: 's', exitCode: 0, final, message: 'complete' });
    await log.close();
    expect(persisted).toEqual(['complete:completed:4:1']);
    expect(server.requests).toHaveLength(1);
    expect(text()).toContain('telegram: sent complete notification');
    expect(text()).not.toContain(TOKEN);
    const body = JSON.parse(server.requests[0]?.body ?? '');
    expect(body.text).toBe(
      '✅ <b>s</b>: complete (claimed by the agent, not verified)\nsummary: all done, bot token was [redacted]\nnothing left to do',
    );
  });
});
