/**
 * What one Telegram update asks for, decided without I/O: a decision on a waiting gate, a stop, a
 * `/status`, a hint, "that gate is closed", a refusal, or nothing. Only updates from the configured
 * chat act, and only from the allowed users when a list is set; a press from anyone else is
 * answered "not allowed", a message from anyone else is ignored. Pure.
 */
import type { DecisionAction, DecisionPayload } from '../gates/decision.js';
import type { TelegramUser, Update } from './bot-api-schema.js';
import { parseCallbackData, resolvePress, resolveReply } from './gate-buttons.js';
import type { KnownGate } from './poller-state.js';
import type { Registration } from './waiting-registry.js';

export interface RouteContext {
  readonly chatId: string;
  readonly allowedUsers: readonly string[];
  readonly registrations: readonly Registration[];
  readonly knownGates: readonly KnownGate[];
  readonly isGrant: (text: string) => boolean;
}

/** Where the answer goes: the pressed button's callback, or a reply to a message. */
export type ReplyTarget =
  | { readonly kind: 'callback'; readonly callbackQueryId: string; readonly messageId?: number }
  | { readonly kind: 'message'; readonly messageId: number };

export type Route =
  | { readonly kind: 'ignore'; readonly why: string }
  | { readonly kind: 'refuse'; readonly callbackQueryId: string; readonly text: string; readonly why: string }
  | {
      readonly kind: 'decide';
      readonly registration: Registration;
      readonly action: Exclude<DecisionAction, 'stop'>;
      readonly payload?: DecisionPayload;
      readonly who: string;
      readonly reply: ReplyTarget;
    }
  | {
      readonly kind: 'stop';
      readonly registration: Registration;
      readonly who: string;
      readonly reply: ReplyTarget;
    }
  | { readonly kind: 'closed'; readonly gate?: KnownGate; readonly reply: ReplyTarget }
  | { readonly kind: 'status'; readonly replyToMessageId: number }
  | { readonly kind: 'hint'; readonly text: string; readonly replyToMessageId: number };

/** `@alice`, else `Alice (id 42)`, else `id 42`. */
export function buildWho(user: TelegramUser): string {
  if (user.username) return `@${user.username}`;
  return user.first_name ? `${user.first_name} (id ${user.id})` : `id ${user.id}`;
}

function isOurChat(chat: { id: number; username?: string | undefined } | undefined, chatId: string): boolean {
  if (!chat) return false;
  if (String(chat.id) === chatId) return true;
  return chat.username !== undefined && `@${chat.username}`.toLowerCase() === chatId.toLowerCase();
}

function isAllowedUser(user: TelegramUser | undefined, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  if (!user) return false;
  return (
    allowed.includes(String(user.id)) ||
    (user.username !== undefined && allowed.includes(`@${user.username.toLowerCase()}`))
  );
}

function routePress(update: Update, context: RouteContext): Route {
  const query = update.callback_query;
  if (!query) return { kind: 'ignore', why: 'no callback' };
  const refuse = (why: string, text = 'not allowed'): Route => ({
    kind: 'refuse',
    callbackQueryId: query.id,
    text,
    why,
  });
  if (!isOurChat(query.message?.chat, context.chatId)) return refuse('a press outside the configured chat');
  if (!isAllowedUser(query.from, context.allowedUsers))
    return refuse(`a press by ${buildWho(query.from)}, who is not allowed`);
  const data = parseCallbackData(query.data ?? '');
  if (!data) return refuse('a button samocode did not make', 'unknown button');
  const reply: ReplyTarget = {
    kind: 'callback',
    callbackQueryId: query.id,
    ...(query.message ? { messageId: query.message.message_id } : {}),
  };
  const registration = context.registrations.find((entry) => entry.gateKey === data.gateKey);
  if (!registration) {
    const gate = context.knownGates.find((known) => known.gateKey === data.gateKey);
    return { kind: 'closed', ...(gate ? { gate } : {}), reply };
  }
  const action = resolvePress(registration.gateKind, data.action);
  if (action === undefined)
    return refuse(`a ${data.action} press on a ${registration.gateKind} gate`, 'unknown button');
  const who = buildWho(query.from);
  return action === 'stop'
    ? { kind: 'stop', registration, who, reply }
    : { kind: 'decide', registration, action, who, reply };
}

function routeMessage(update: Update, context: RouteContext): Route {
  const message = update.message;
  if (!message) return { kind: 'ignore', why: 'neither a message nor a press' };
  if (!isOurChat(message.chat, context.chatId))
    return { kind: 'ignore', why: `a message from the foreign chat ${message.chat.id}` };
  if (!isAllowedUser(message.from, context.allowedUsers))
    return {
      kind: 'ignore',
      why: `a message from ${message.from ? buildWho(message.from) : 'nobody'}, who is not allowed`,
    };
  const text = message.text ?? '';
  const repliedTo = message.reply_to_message?.message_id;
  if (repliedTo !== undefined) {
    // The replied message's own buttons name its gate; the recorded message id is the fallback.
    const keys = (message.reply_to_message?.reply_markup?.inline_keyboard ?? [])
      .flat()
      .map((button) => parseCallbackData(button.callback_data ?? '')?.gateKey);
    const registration =
      context.registrations.find((entry) => keys.includes(entry.gateKey)) ??
      context.registrations.find((entry) => entry.messageId === repliedTo);
    if (registration) {
      const meaning = resolveReply(registration.gateKind, text, context.isGrant);
      if (meaning.kind === 'hint')
        return { kind: 'hint', text: meaning.text, replyToMessageId: message.message_id };
      const who = message.from ? buildWho(message.from) : 'unknown';
      const reply: ReplyTarget = { kind: 'message', messageId: message.message_id };
      return meaning.action === 'stop'
        ? { kind: 'stop', registration, who, reply }
        : {
            kind: 'decide',
            registration,
            action: meaning.action,
            ...(meaning.payload ? { payload: meaning.payload } : {}),
            who,
            reply,
          };
    }
    const gate = context.knownGates.find((known) => known.messageId === repliedTo);
    if (gate) return { kind: 'closed', gate, reply: { kind: 'message', messageId: message.message_id } };
  }
  if (/^\/status(@[A-Za-z0-9_]+)?\s*$/.test(text))
    return { kind: 'status', replyToMessageId: message.message_id };
  return { kind: 'ignore', why: 'a message that is neither a reply to a gate nor /status' };
}

export function routeUpdate(update: Update, context: RouteContext): Route {
  return update.callback_query ? routePress(update, context) : routeMessage(update, context);
}
