import { afterEach, describe, expect, it } from 'vitest';
import { sendTelegramMessage } from '../../src/notify/telegram-sender.js';
import { closedPort, type FakeTelegram, startFakeTelegram } from '../helpers/telegram-server.js';

const TOKEN = '123456789:AAHfakeTokenForTestsOnly_abcdefghijklmnop';
let server: FakeTelegram | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('sendTelegramMessage against a loopback Bot API', () => {
  it('posts HTML to /bot<token>/sendMessage and reports success', async () => {
    server = await startFakeTelegram('ok');
    const result = await sendTelegramMessage(
      { botToken: TOKEN, chatId: '42', apiBase: server.apiBase },
      '<b>hi</b> &amp;',
    );
    expect(result).toEqual({ ok: true, attempts: 1 });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.method).toBe('POST');
    expect(server.requests[0]?.url).toBe(`/bot${TOKEN}/sendMessage`);
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({
      chat_id: '42',
      text: '<b>hi</b> &amp;',
      parse_mode: 'HTML',
      disable_web_page_preview: true,
    });
  });

  it('does not retry a 400 and returns the API description without the token', async () => {
    server = await startFakeTelegram('bad-request');
    const result = await sendTelegramMessage({ botToken: TOKEN, chatId: '42', apiBase: server.apiBase }, 'x');
    expect(result.ok).toBe(false);
    expect(result.attempts).toBe(1);
    expect(result.ok ? '' : result.reason).toContain(
      'HTTP 400: {"ok":false,"error_code":400,"description":"Bad Request: can\'t parse entities"}',
    );
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry a 500 (an HTTP answer is not a network error)', async () => {
    server = await startFakeTelegram('server-error');
    const result = await sendTelegramMessage({ botToken: TOKEN, chatId: '42', apiBase: server.apiBase }, 'x');
    expect(result).toMatchObject({ ok: false, attempts: 1 });
    expect(result.ok ? '' : result.reason).toMatch(/^HTTP 500: /);
    expect(server.requests).toHaveLength(1);
  });

  it('[slow: 5 s] gives up on a server that never answers after the 5 s timeout, without retrying or throwing', {
    timeout: 60_000,
  }, async () => {
    server = await startFakeTelegram('hang');
    const result = await sendTelegramMessage({ botToken: TOKEN, chatId: '42', apiBase: server.apiBase }, 'x');
    expect(result).toMatchObject({ ok: false, attempts: 1 });
    expect(result.ok ? '' : result.reason).toMatch(/^TimeoutError ETIMEDOUT/);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a refused connection once, then reports it without throwing', async () => {
    const port = await closedPort();
    const result = await sendTelegramMessage(
      { botToken: TOKEN, chatId: '42', apiBase: `http://127.0.0.1:${port}` },
      'x',
      { retryDelayMs: 10 },
    );
    expect(result).toMatchObject({ ok: false, attempts: 2 });
    expect(result.ok ? '' : result.reason).toContain('ECONNREFUSED');
    expect(result.ok ? '' : result.reason).not.toContain(TOKEN);
  });

  it('retries a connection reset by the server once, and the second attempt delivers', async () => {
    server = await startFakeTelegram('reset-once');
    const result = await sendTelegramMessage(
      { botToken: TOKEN, chatId: '42', apiBase: server.apiBase },
      'x',
      { retryDelayMs: 10 },
    );
    expect(result).toEqual({ ok: true, attempts: 2 });
    expect(server.requests).toHaveLength(2);
  });

  it('never puts the token into a failure reason, even when the error quotes the URL', async () => {
    const result = await sendTelegramMessage({ botToken: TOKEN, chatId: '42', apiBase: 'not a url' }, 'x');
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });
});
