/** Updates for the fake Bot API: presses and messages as Telegram sends them, and a seeded RNG. */
import type { SentMessage } from './fake-bot-chat.js';

export interface FakeUser {
  readonly id: number;
  readonly username?: string;
  readonly first_name?: string;
}

export type FakeUpdate = Record<string, unknown> & { update_id: number };

/** mulberry32: a small seeded RNG, so a random fault schedule can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pressUpdate(input: {
  chatId: number;
  from: FakeUser;
  messageId: number;
  data: string;
  queryId?: string;
}) {
  return {
    callback_query: {
      id: input.queryId ?? `q${Math.random().toString(36).slice(2, 10)}`,
      from: { is_bot: false, ...input.from },
      message: { message_id: input.messageId, chat: { id: input.chatId, type: 'private' }, date: 0 },
      chat_instance: '1',
      data: input.data,
    },
  };
}

export function messageUpdate(input: {
  chatId: number;
  from: FakeUser;
  text: string;
  replyTo?: number;
  messageId?: number;
}) {
  return {
    message: {
      message_id: input.messageId ?? 10_000 + Math.floor(Math.random() * 1e6),
      from: { is_bot: false, ...input.from },
      chat: { id: input.chatId, type: 'private' },
      date: 0,
      text: input.text,
      ...(input.replyTo === undefined
        ? {}
        : { reply_to_message: { message_id: input.replyTo, chat: { id: input.chatId } } }),
    },
  };
}

/**
 * A reply carries the replied message as the API has it now, buttons included, as the real
 * `reply_to_message` does (a message whose buttons were removed carries none).
 */
export function withRepliedMessage(
  update: FakeUpdate,
  messages: ReadonlyMap<number, SentMessage>,
): FakeUpdate {
  const message = update.message;
  if (!message || typeof message !== 'object' || !('reply_to_message' in message)) return update;
  const replied = message.reply_to_message;
  if (!replied || typeof replied !== 'object' || !('message_id' in replied)) return update;
  const sent = messages.get(Number(replied.message_id));
  if (!sent) return update;
  const buttons =
    Array.isArray(sent.buttons) && sent.buttons.length > 0
      ? { reply_markup: { inline_keyboard: sent.buttons } }
      : {};
  return {
    ...update,
    message: { ...message, reply_to_message: { ...replied, text: sent.text, ...buttons } },
  };
}
