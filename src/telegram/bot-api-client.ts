/**
 * A Telegram Bot API client over got: `getUpdates` (long poll), `sendMessage`, `editMessageText`,
 * `answerCallbackQuery`. Nothing throws: every call returns a `BotApiResult`. got retries network
 * errors itself; a 429 is waited out here with its `retry_after`; a 409 is handed back for the
 * poller to back off. The token lives only in the request URL, never in a result.
 */
import { type BotApiFailure, type BotApiResult, classifyApiAnswer, cleanDescription } from './api-outcome.js';
import { sleep } from './backoff.js';
import {
  ALLOWED_UPDATES,
  type InlineButton,
  SentMessageSchema,
  type Update,
  UpdateIdsSchema,
  UpdateSchema,
} from './bot-api-schema.js';

// got is loaded on the first call: runs without Telegram never pay for it.
type Got = typeof import('got').default;
let loadedGot: Got | undefined;
async function loadGot(): Promise<Got> {
  loadedGot ??= (await import('got')).default;
  return loadedGot;
}

export const DEFAULT_API_BASE = 'https://api.telegram.org';

export interface BotApiOptions {
  readonly token: string;
  /** `TELEGRAM_API_URL`; default https://api.telegram.org. */
  readonly apiBase?: string;
  /** Per request, on top of a long poll's own timeout (default 10 s). */
  readonly requestTimeoutMs?: number;
  /** got's retries of a network error (default 2). */
  readonly networkRetries?: number;
  /** The first network retry waits this long, doubling (default 1 s). */
  readonly retryBaseMs?: number;
  /** How many 429s one call waits out before it returns the failure (default 3). */
  readonly maxRateLimitWaits?: number;
  /** The longest `retry_after` waited out; a longer one is returned at once (default 120 s). */
  readonly maxRetryAfterSec?: number;
}

export interface UpdateBatch {
  readonly updates: readonly Update[];
  /** One past the highest `update_id` seen (parsed or not); undefined for an empty batch. */
  readonly nextOffset?: number;
  /** Updates that did not parse and were skipped. */
  readonly skipped: number;
}

export interface GetUpdatesParams {
  readonly offset?: number;
  readonly timeoutSec: number;
  readonly limit?: number;
}

export interface SendMessageParams {
  readonly chatId: string;
  readonly html: string;
  readonly replyToMessageId?: number;
  readonly buttons?: readonly (readonly InlineButton[])[];
}

export interface EditMessageParams {
  readonly chatId: string;
  readonly messageId: number;
  readonly html: string;
  /** Omitted or empty: the buttons are removed. */
  readonly buttons?: readonly (readonly InlineButton[])[];
}

export interface AnswerCallbackParams {
  readonly callbackQueryId: string;
  readonly text?: string;
  readonly showAlert?: boolean;
}

export interface BotApiClient {
  getUpdates(params: GetUpdatesParams, signal?: AbortSignal): Promise<BotApiResult<UpdateBatch>>;
  sendMessage(params: SendMessageParams, signal?: AbortSignal): Promise<BotApiResult<{ messageId: number }>>;
  editMessageText(params: EditMessageParams, signal?: AbortSignal): Promise<BotApiResult<true>>;
  answerCallbackQuery(params: AnswerCallbackParams, signal?: AbortSignal): Promise<BotApiResult<true>>;
}

const fail = (failure: BotApiFailure): BotApiResult<never> => ({ ok: false, failure });

function errorCode(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '';
}

export function createBotApiClient(options: BotApiOptions): BotApiClient {
  const base = (options.apiBase ?? DEFAULT_API_BASE).replace(/\/+$/, '');
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const retryBaseMs = options.retryBaseMs ?? 1_000;

  async function postOnce(method: string, body: object, timeoutMs: number, signal?: AbortSignal) {
    try {
      const got = await loadGot();
      const response = await got.post(`${base}/bot${options.token}/${method}`, {
        json: body,
        timeout: { request: timeoutMs },
        retry: {
          limit: options.networkRetries ?? 2,
          methods: ['POST'],
          statusCodes: [],
          calculateDelay: ({ attemptCount, computedValue }) =>
            computedValue === 0 ? 0 : Math.min(retryBaseMs * 2 ** (attemptCount - 1), 30_000),
        },
        throwHttpErrors: false,
        responseType: 'text',
        ...(signal ? { signal } : {}),
      });
      return classifyApiAnswer(response.statusCode, response.body, options.token);
    } catch (error) {
      if (signal?.aborted || (error instanceof Error && error.name === 'AbortError'))
        return fail({ kind: 'aborted' });
      const code = errorCode(error);
      const message = error instanceof Error ? error.message : String(error);
      return fail({
        kind: 'network',
        description: cleanDescription(`${code ? `${code}: ` : ''}${message}`, options.token),
      });
    }
  }

  /** One call, waiting out 429s within the limits. */
  async function call(method: string, body: object, timeoutMs: number, signal?: AbortSignal) {
    for (let waits = 0; ; waits += 1) {
      const result = await postOnce(method, body, timeoutMs, signal);
      if (result.ok || result.failure.kind !== 'rate-limited') return result;
      const seconds = result.failure.retryAfterSec;
      if (waits >= (options.maxRateLimitWaits ?? 3) || seconds > (options.maxRetryAfterSec ?? 120))
        return result;
      if (!(await sleep(seconds * 1000, signal))) return fail({ kind: 'aborted' });
    }
  }

  const keyboard = (buttons: SendMessageParams['buttons']) => ({ inline_keyboard: buttons ?? [] });

  return {
    async getUpdates(params, signal) {
      const body = {
        ...(params.offset === undefined ? {} : { offset: params.offset }),
        timeout: params.timeoutSec,
        limit: params.limit ?? 100,
        allowed_updates: ALLOWED_UPDATES,
      };
      const result = await call('getUpdates', body, params.timeoutSec * 1000 + requestTimeoutMs, signal);
      if (!result.ok) return result;
      const ids = UpdateIdsSchema.safeParse(result.value);
      if (!ids.success)
        return fail({ kind: 'bad-response', description: 'getUpdates: the result is not a list of updates' });
      const updates: Update[] = [];
      let highest: number | undefined;
      for (const raw of ids.data) {
        highest = Math.max(highest ?? raw.update_id, raw.update_id);
        const parsed = UpdateSchema.safeParse(raw);
        if (parsed.success) updates.push(parsed.data);
      }
      return {
        ok: true,
        value: {
          updates,
          ...(highest === undefined ? {} : { nextOffset: highest + 1 }),
          skipped: ids.data.length - updates.length,
        },
      };
    },

    async sendMessage(params, signal) {
      const body = {
        chat_id: params.chatId,
        text: params.html,
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(params.replyToMessageId === undefined
          ? {}
          : { reply_parameters: { message_id: params.replyToMessageId, allow_sending_without_reply: true } }),
        ...(params.buttons && params.buttons.length > 0 ? { reply_markup: keyboard(params.buttons) } : {}),
      };
      const result = await call('sendMessage', body, requestTimeoutMs, signal);
      if (!result.ok) return result;
      const sent = SentMessageSchema.safeParse(result.value);
      return sent.success
        ? { ok: true, value: { messageId: sent.data.message_id } }
        : fail({ kind: 'bad-response', description: 'sendMessage: the result has no message_id' });
    },

    async editMessageText(params, signal) {
      const body = {
        chat_id: params.chatId,
        message_id: params.messageId,
        text: params.html,
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        reply_markup: keyboard(params.buttons),
      };
      const result = await call('editMessageText', body, requestTimeoutMs, signal);
      return result.ok ? { ok: true, value: true } : result;
    },

    async answerCallbackQuery(params, signal) {
      const body = {
        callback_query_id: params.callbackQueryId,
        ...(params.text === undefined ? {} : { text: params.text.slice(0, 200) }),
        ...(params.showAlert ? { show_alert: true } : {}),
      };
      const result = await call('answerCallbackQuery', body, requestTimeoutMs, signal);
      return result.ok ? { ok: true, value: true } : result;
    },
  };
}
