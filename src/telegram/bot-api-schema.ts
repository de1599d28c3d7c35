/**
 * The parts of the Telegram Bot API samocode reads, as zod schemas. Unknown fields are dropped;
 * an update that does not parse is skipped but still confirmed, so one odd update cannot stall
 * the queue. See https://core.telegram.org/bots/api#update.
 */
import * as z from 'zod';

export const TelegramUserSchema = z.object({
  id: z.number().int(),
  is_bot: z.boolean().optional(),
  first_name: z.string().optional(),
  username: z.string().optional(),
});
export type TelegramUser = z.infer<typeof TelegramUserSchema>;

export const TelegramChatSchema = z.object({
  id: z.number().int(),
  username: z.string().optional(),
});

/** The buttons of a message; a reply carries the replied message's, so its gate key too. */
const InlineKeyboardSchema = z.object({
  inline_keyboard: z.array(z.array(z.object({ callback_data: z.string().optional() }))),
});

const RepliedMessageSchema = z.object({
  message_id: z.number().int(),
  chat: TelegramChatSchema.optional(),
  reply_markup: InlineKeyboardSchema.optional(),
});

export const TelegramMessageSchema = z.object({
  message_id: z.number().int(),
  from: TelegramUserSchema.optional(),
  chat: TelegramChatSchema,
  text: z.string().optional(),
  reply_to_message: RepliedMessageSchema.optional(),
});
export type TelegramMessage = z.infer<typeof TelegramMessageSchema>;

export const CallbackQuerySchema = z.object({
  id: z.string(),
  from: TelegramUserSchema,
  message: RepliedMessageSchema.optional(),
  data: z.string().optional(),
});
export type CallbackQuery = z.infer<typeof CallbackQuerySchema>;

export const UpdateSchema = z.object({
  update_id: z.number().int(),
  message: TelegramMessageSchema.optional(),
  callback_query: CallbackQuerySchema.optional(),
});
export type Update = z.infer<typeof UpdateSchema>;

/** Every answer of the Bot API: `ok` with a `result`, or an error code, a description, and parameters. */
export const ApiEnvelopeSchema = z.object({
  ok: z.boolean(),
  result: z.unknown().optional(),
  error_code: z.number().int().optional(),
  description: z.string().optional(),
  parameters: z.object({ retry_after: z.number().optional() }).optional(),
});

export const UpdateIdsSchema = z.array(z.object({ update_id: z.number().int() }).loose());
export const SentMessageSchema = z.object({ message_id: z.number().int() });

/** The update types samocode asks for (`allowed_updates`). */
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

export interface InlineButton {
  readonly text: string;
  /** 1–64 bytes. */
  readonly callback_data: string;
}
