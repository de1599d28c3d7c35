import { afterEach, describe, expect, it } from 'vitest';
import { createBotApiClient } from '../../src/telegram/bot-api-client.js';
import { type FakeBotApi, messageUpdate, startFakeBotApi } from '../helpers/fake-bot-api.js';
import { closedPort } from '../helpers/telegram-server.js';

const TOKEN = '123456789:AAHfakeTokenForTestsOnly_abcdefghijklmnop';
const CHAT = 42;
const from = { id: 7, username: 'alice' };
let fake: FakeBotApi | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(seed = 1): Promise<FakeBotApi> {
  fake = await startFakeBotApi({ token: TOKEN, seed });
  return fake;
}

describe('getUpdates', () => {
  it('returns queued updates and the next offset; the offset confirms what came before it', async () => {
    const api = await start();
    const client = createBotApiClient({ token: TOKEN, apiBase: api.apiBase });
    api.queue(messageUpdate({ chatId: CHAT, from, text: 'one' }));
    api.queue(messageUpdate({ chatId: CHAT, from, text: 'two' }));
    const first = await client.getUpdates({ timeoutSec: 0 });
    expect(first.ok && first.value.updates.map((update) => update.message?.text)).toEqual(['one', 'two']);
    expect(first.ok && first.value.nextOffset).toBe(3);
    const again = await client.getUpdates({ timeoutSec: 0 });
    expect(again.ok && again.value.updates).toHaveLength(2);
    const after = await client.getUpdates({ offset: 3, timeoutSec: 0 });
    expect(after).toEqual({ ok: true, value: { updates: [], skipped: 0 } });
    expect(api.requests.at(-1)?.body).toEqual({
      offset: 3,
      timeout: 0,
      limit: 100,
      allowed_updates: ['message', 'callback_query'],
    });
  });

  it('holds a long poll until an update arrives', async () => {
    const api = await start();
    const client = createBotApiClient({ token: TOKEN, apiBase: api.apiBase });
    const poll = client.getUpdates({ timeoutSec: 60 });
    await api.waitFor(() => api.requests.length === 1, 'the long poll');
    api.queue(messageUpdate({ chatId: CHAT, from, text: 'late' }));
    const result = await poll;
    expect(result.ok && result.value.updates.map((update) => update.message?.text)).toEqual(['late']);
  });

  it('skips an update it cannot read but still moves the offset past it', async () => {
    const api = await start();
    const client = createBotApiClient({ token: TOKEN, apiBase: api.apiBase });
    api.queue({ message: { message_id: 'not a number' } });
    const result = await client.getUpdates({ timeoutSec: 0 });
    expect(result).toEqual({ ok: true, value: { updates: [], nextOffset: 2, skipped: 1 } });
  });

  it('returns aborted when its signal aborts a long poll', async () => {
    const api = await start();
    const client = createBotApiClient({ token: TOKEN, apiBase: api.apiBase });
    const abort = new AbortController();
    const poll = client.getUpdates({ timeoutSec: 60 }, abort.signal);
    await api.waitFor(() => api.requests.length === 1, 'the long poll');
    abort.abort();
    expect(await poll).toEqual({ ok: false, failure: { kind: 'aborted' } });
  });

  it('hands a 409 back as a conflict for the poller to back off', async () => {
    const api = await start();
    api.failNext('conflict');
    const result = await createBotApiClient({ token: TOKEN, apiBase: api.apiBase }).getUpdates({
      timeoutSec: 0,
    });
    expect(result).toMatchObject({ ok: false, failure: { kind: 'conflict' } });
  });
});

describe('sending, editing and answering', () => {
  it('sends HTML with inline buttons and a reply, then edits it and removes the buttons', async () => {
    const api = await start();
    const client = createBotApiClient({ token: TOKEN, apiBase: api.apiBase });
    const buttons = [[{ text: 'Approve', callback_data: 'a:0123456789abcdef' }]];
    const sent = await client.sendMessage({
      chatId: String(CHAT),
      html: '<b>plan</b>',
      buttons,
      replyToMessageId: 5,
    });
    expect(sent).toEqual({ ok: true, value: { messageId: 100 } });
    expect(api.requests[0]?.body).toEqual({
      chat_id: '42',
      text: '<b>plan</b>',
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      reply_parameters: { message_id: 5, allow_sending_without_reply: true },
      reply_markup: { inline_keyboard: buttons },
    });
    expect(await client.editMessageText({ chatId: '42', messageId: 100, html: 'approved' })).toEqual({
      ok: true,
      value: true,
    });
    expect(api.messages.get(100)).toMatchObject({ text: 'approved', buttons: [], edits: 1 });
    const same = await client.editMessageText({ chatId: '42', messageId: 100, html: 'approved' });
    expect(same).toMatchObject({ ok: false, failure: { kind: 'rejected', status: 400 } });
    expect(await client.answerCallbackQuery({ callbackQueryId: 'q1', text: 'done' })).toEqual({
      ok: true,
      value: true,
    });
    expect(api.callbackAnswers).toEqual([{ callbackQueryId: 'q1', text: 'done' }]);
  });

  it('waits out a 429 for its retry_after and then succeeds', async () => {
    const api = await start();
    api.failNext('rate-limit');
    const result = await createBotApiClient({ token: TOKEN, apiBase: api.apiBase }).sendMessage({
      chatId: '42',
      html: 'x',
    });
    expect(result.ok).toBe(true);
    expect(api.requests.map((request) => request.fault ?? request.status)).toEqual(['rate-limit', 200]);
    const [limited, sent] = api.requests;
    expect((sent?.startedAt ?? 0) - (limited?.startedAt ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it('returns a 429 whose retry_after is longer than it will wait, without waiting', async () => {
    const api = await start();
    api.faults = { rateLimit: 1, retryAfterSec: 3600 };
    const result = await createBotApiClient({ token: TOKEN, apiBase: api.apiBase }).sendMessage({
      chatId: '42',
      html: 'x',
    });
    expect(result).toMatchObject({ ok: false, failure: { kind: 'rate-limited', retryAfterSec: 3600 } });
    expect(api.requests).toHaveLength(1);
  });

  it('lets got retry a dropped connection', async () => {
    const api = await start();
    api.failNext('drop', 'drop');
    const client = createBotApiClient({ token: TOKEN, apiBase: api.apiBase, retryBaseMs: 10 });
    expect(await client.answerCallbackQuery({ callbackQueryId: 'q' })).toEqual({ ok: true, value: true });
    expect(api.requests.map((request) => request.fault ?? request.status)).toEqual(['drop', 'drop', 200]);
  });
});

describe('the token', () => {
  it('appears in no result, whatever fails', async () => {
    const api = await start();
    const port = await closedPort();
    const results: unknown[] = [];
    const refused = createBotApiClient({ token: TOKEN, apiBase: `http://127.0.0.1:${port}`, retryBaseMs: 5 });
    results.push(await refused.getUpdates({ timeoutSec: 0 }));
    results.push(
      await createBotApiClient({ token: TOKEN, apiBase: 'not a url' }).sendMessage({
        chatId: '1',
        html: 'x',
      }),
    );
    results.push(
      await createBotApiClient({ token: `${TOKEN}x`, apiBase: api.apiBase }).sendMessage({
        chatId: '1',
        html: 'x',
      }),
    );
    api.failNext('drop', 'drop', 'drop');
    results.push(
      await createBotApiClient({ token: TOKEN, apiBase: api.apiBase, retryBaseMs: 5 }).getUpdates({
        timeoutSec: 0,
      }),
    );
    api.faults = { rateLimit: 1, retryAfterSec: 3600 };
    results.push(
      await createBotApiClient({ token: TOKEN, apiBase: api.apiBase }).editMessageText({
        chatId: '1',
        messageId: 1,
        html: 'x',
      }),
    );
    expect(results.map((result) => (result as { failure?: { kind: string } }).failure?.kind)).toEqual([
      'network',
      'network',
      'unauthorized',
      'network',
      'rate-limited',
    ]);
    expect(JSON.stringify(results)).not.toContain(TOKEN);
    expect(JSON.stringify(results)).not.toContain('AAHfakeToken');
  });
});
