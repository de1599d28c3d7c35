/**
 * The two-way Telegram settings from the environment: `TELEGRAM_BOT_TOKEN`, `TELEGRAM_CHAT_ID`,
 * `TELEGRAM_API_URL` (default the public Bot API) and `TELEGRAM_ALLOWED_USERS` (comma-separated
 * user ids or @names). Every problem is reported, and none quotes the token. Pure.
 */
import { DEFAULT_API_BASE } from './bot-api-client.js';

export interface TelegramSettings {
  readonly token: string;
  readonly chatId: string;
  readonly apiBase: string;
  /** Lower-case `@name`s and numeric ids; empty = anyone in the chat. */
  readonly allowedUsers: readonly string[];
}

export type TelegramSettingsResult =
  | { readonly ok: true; readonly settings: TelegramSettings | undefined }
  | { readonly ok: false; readonly problems: readonly string[] };

const TOKEN = /^[0-9]{1,20}:[A-Za-z0-9_-]{20,100}$/;
const CHAT = /^(-?[0-9]{1,20}|@[A-Za-z0-9_]{4,32})$/;
const USER = /^([0-9]{1,20}|@[A-Za-z0-9_]{3,32})$/;

/** Settings when both token and chat are set, undefined when neither is, problems otherwise. */
export function resolveTelegramSettings(
  env: Readonly<Record<string, string | undefined>>,
): TelegramSettingsResult {
  const token = env.TELEGRAM_BOT_TOKEN?.trim() ?? '';
  const chatId = env.TELEGRAM_CHAT_ID?.trim() ?? '';
  const apiBase = env.TELEGRAM_API_URL?.trim() || DEFAULT_API_BASE;
  const users = (env.TELEGRAM_ALLOWED_USERS ?? '').split(/[\s,]+/).filter(Boolean);
  if (token === '' && chatId === '') return { ok: true, settings: undefined };
  const problems: string[] = [];
  if (token === '')
    problems.push(
      'TELEGRAM_BOT_TOKEN is empty: set the token @BotFather gave you, or unset TELEGRAM_CHAT_ID',
    );
  else if (!TOKEN.test(token))
    problems.push(
      'TELEGRAM_BOT_TOKEN does not look like a bot token (<digits>:<letters>); copy it again from @BotFather',
    );
  if (chatId === '')
    problems.push(
      'TELEGRAM_CHAT_ID is empty: set the id of the chat the bot talks in (a number, or @channel)',
    );
  else if (!CHAT.test(chatId))
    problems.push(
      `TELEGRAM_CHAT_ID is "${chatId.slice(0, 40)}": expected a chat id number (e.g. -1001234) or @channelname`,
    );
  if (!/^https?:\/\/[^\s/]+/.test(apiBase))
    problems.push(
      `TELEGRAM_API_URL is "${apiBase.slice(0, 80)}": expected an http(s) URL such as https://api.telegram.org`,
    );
  const badUsers = users.filter((user) => !USER.test(user));
  if (badUsers.length > 0)
    problems.push(
      `TELEGRAM_ALLOWED_USERS has ${badUsers.map((user) => `"${user.slice(0, 40)}"`).join(', ')}: list user ids or @names, comma-separated`,
    );
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    settings: {
      token,
      chatId,
      apiBase: apiBase.replace(/\/+$/, ''),
      allowedUsers: users.map((user) => user.toLowerCase()),
    },
  };
}
