/**
 * What the Telegram `run --wait` end-to-end tests share: the fake claude's scenarios to the plan
 * gate and on to done, the environment that points a run at the fake Bot API, and reading a gate's
 * message, its buttons, the answers to a press and a session's decision rows.
 */
import { join } from 'node:path';
import { readHistory } from '../../src/session/history.js';
import type { FakeBotApi, SentMessage } from './fake-bot-api.js';
import type { makeSessionCli } from './samocode-cli.js';

export const TOKEN = '123456789:AAHfakeTokenForTestsOnly_abcdefghijklmnop';
export const CHAT = 42;
export const alice = { id: 7, username: 'alice' };

export type Cli = Awaited<ReturnType<typeof makeSessionCli>>;

export const signal = (content: Record<string, unknown>) => [{ do: 'signal', content }];
export const TO_PLAN = [
  signal({ status: 'continue', phase: 'investigation' }),
  signal({ status: 'continue', phase: 'requirements' }),
  signal({ status: 'continue', phase: 'planning' }),
  signal({ status: 'waiting', for: 'plan_approval' }),
];
export const TO_DONE = [
  signal({ status: 'continue', phase: 'testing' }),
  signal({ status: 'continue', phase: 'done' }),
  signal({ status: 'done', summary: 'finished' }),
];

export const telegramEnv = (api: FakeBotApi) => ({
  TELEGRAM_BOT_TOKEN: TOKEN,
  TELEGRAM_CHAT_ID: String(CHAT),
  TELEGRAM_API_URL: api.apiBase,
});

export const callbackDataOf = (message: SentMessage): string[] =>
  JSON.stringify(message.buttons ?? [])
    .match(/"callback_data":"([^"]+)"/g)
    ?.map((match) => match.slice('"callback_data":"'.length, -1)) ?? [];

/** The Approve button's data of a gate message. */
export const approveDataOf = (message: SentMessage): string =>
  callbackDataOf(message).find((data) => data.startsWith('a:')) ?? '';

/** The session's folder name, which its gate message names. */
export const folderOf = (h: Cli): string => h.sessionDir().split('/').at(-1) ?? '';

/** The plan-approval messages the bot sent for a session. */
export const planMessagesOf = (api: FakeBotApi, h: Cli): SentMessage[] =>
  [...api.messages.values()].filter(
    (sent) => sent.text.includes('Plan approval') && sent.text.includes(folderOf(h)),
  );

/** Waits until the bot has sent `count` messages that include `title`, and returns them. */
export async function gateMessages(api: FakeBotApi, title: string, count = 1): Promise<SentMessage[]> {
  const found = () => [...api.messages.values()].filter((message) => message.text.includes(title));
  await api.waitFor(() => found().length >= count, `${count} gate message(s) (${title})`, 120_000);
  return found();
}

export const decisionRows = (h: Cli) =>
  readHistory(join(h.sessionDir(), '_signal_history.jsonl')).rows.filter((row) => row.decision !== undefined);

export const answersTo = (api: FakeBotApi, queryId: string) =>
  api.callbackAnswers.filter((answer) => answer.callbackQueryId === queryId).map((answer) => answer.text);
