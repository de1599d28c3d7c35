import { describe, expect, it } from 'vitest';
import { resolveTelegramSettings } from '../../src/telegram/telegram-settings.js';

const TOKEN = '123456789:AAHfakeTokenForTestsOnly_abcdefghijklmnop';

describe('Telegram settings from the environment', () => {
  it('is off when neither the token nor the chat is set', () => {
    expect(resolveTelegramSettings({})).toEqual({ ok: true, settings: undefined });
  });

  it('reads the token, the chat, the API base and the allowed users', () => {
    expect(
      resolveTelegramSettings({
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_CHAT_ID: '-1001234',
        TELEGRAM_API_URL: 'http://127.0.0.1:8081/',
        TELEGRAM_ALLOWED_USERS: '42, @Alice',
      }),
    ).toEqual({
      ok: true,
      settings: {
        token: TOKEN,
        chatId: '-1001234',
        apiBase: 'http://127.0.0.1:8081',
        allowedUsers: ['42', '@alice'],
      },
    });
    expect(
      resolveTelegramSettings({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_CHAT_ID: '@mychannel' }),
    ).toMatchObject({
      ok: true,
      settings: { apiBase: 'https://api.telegram.org', allowedUsers: [] },
    });
  });

  it('reports every problem at once, and never quotes the token', () => {
    const badToken = 'not-a-token-but-secret-enough';
    const result = resolveTelegramSettings({
      TELEGRAM_BOT_TOKEN: badToken,
      TELEGRAM_CHAT_ID: 'my chat',
      TELEGRAM_API_URL: 'ftp:/x',
      TELEGRAM_ALLOWED_USERS: 'bob smith,@ok_user',
    });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((text) => text.split(' ')[0])).toEqual([
      'TELEGRAM_BOT_TOKEN',
      'TELEGRAM_CHAT_ID',
      'TELEGRAM_API_URL',
      'TELEGRAM_ALLOWED_USERS',
    ]);
    expect(problems.join('\n')).not.toContain(badToken);
    expect(problems[3]).toContain('"bob", "smith"');
  });

  it('names the missing half', () => {
    expect(resolveTelegramSettings({ TELEGRAM_CHAT_ID: '42' })).toEqual({
      ok: false,
      problems: ['TELEGRAM_BOT_TOKEN is empty: set the token @BotFather gave you, or unset TELEGRAM_CHAT_ID'],
    });
  });
});
