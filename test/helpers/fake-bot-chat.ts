/**
 * The chat side of the fake Bot API: `sendMessage`, `editMessageText` and `answerCallbackQuery`
 * against a store of the bot's messages, with the real API's refusals for an unknown message and
 * for an edit that changes nothing.
 */
export interface SentMessage {
  readonly messageId: number;
  readonly chatId: string;
  text: string;
  buttons: unknown;
  readonly replyTo?: number;
  edits: number;
}

export interface FakeChat {
  readonly messages: Map<number, SentMessage>;
  readonly callbackAnswers: { readonly callbackQueryId: string; readonly text?: string }[];
  nextMessageId: number;
}

export interface ApiAnswer {
  readonly status: number;
  readonly body: object;
}

export function createFakeChat(): FakeChat {
  return { messages: new Map(), callbackAnswers: [], nextMessageId: 100 };
}

const ok = (result: unknown): ApiAnswer => ({ status: 200, body: { ok: true, result } });
const refuse = (code: number, description: string): ApiAnswer => ({
  status: code,
  body: { ok: false, error_code: code, description },
});

function buttonsOf(body: Record<string, unknown>): unknown {
  const markup = body.reply_markup;
  return markup && typeof markup === 'object' && 'inline_keyboard' in markup ? markup.inline_keyboard : [];
}

function replyToOf(body: Record<string, unknown>): number | undefined {
  const reply = body.reply_parameters;
  return reply && typeof reply === 'object' && 'message_id' in reply && typeof reply.message_id === 'number'
    ? reply.message_id
    : undefined;
}

/** The answer to a chat method; 404 for a method the fake does not know. */
export function answerChatMethod(chat: FakeChat, method: string, body: Record<string, unknown>): ApiAnswer {
  switch (method) {
    case 'sendMessage': {
      const messageId = chat.nextMessageId++;
      const replyTo = replyToOf(body);
      chat.messages.set(messageId, {
        messageId,
        chatId: String(body.chat_id),
        text: String(body.text ?? ''),
        buttons: buttonsOf(body),
        ...(replyTo === undefined ? {} : { replyTo }),
        edits: 0,
      });
      return ok({ message_id: messageId, chat: { id: Number(body.chat_id) }, date: 0, text: body.text });
    }
    case 'editMessageText': {
      const message = chat.messages.get(Number(body.message_id));
      if (!message) return refuse(400, 'Bad Request: message to edit not found');
      const buttons = buttonsOf(body);
      if (message.text === body.text && JSON.stringify(message.buttons) === JSON.stringify(buttons))
        return refuse(
          400,
          'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
        );
      message.text = String(body.text ?? '');
      message.buttons = buttons;
      message.edits += 1;
      return ok({ message_id: message.messageId });
    }
    case 'answerCallbackQuery':
      chat.callbackAnswers.push({
        callbackQueryId: String(body.callback_query_id),
        ...(typeof body.text === 'string' ? { text: body.text } : {}),
      });
      return ok(true);
    default:
      return refuse(404, 'Not Found');
  }
}
