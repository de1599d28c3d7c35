/**
 * A loopback fake of the Telegram Bot API for the two-way tests: `getUpdates` honours `offset`
 * (updates below it are confirmed and forgotten; a negative offset keeps the last ones), `limit`
 * and `timeout` (a long poll is held until an update arrives or the timeout passes) like the real
 * one, and a second `getUpdates` while one is held ends the first with 409 "terminated by other
 * getUpdates request", as the real API does. It can deliver each update twice, deliver a batch out
 * of order, and drop the connection or answer 409/429 at random from a seeded RNG, so a failing
 * run can be replayed. Every request is recorded.
 *
 * A reply's `reply_to_message` is filled in from the messages the bot sent (text and buttons).
 *
 * Where it differs from the real API: a drop happens before the request is processed (the real
 * network can also lose an answer after it); message ids are counted per fake from 100; only the
 * fields samocode uses are kept; callback queries never grow too old to answer.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeFaults {
  /** Chance (0–1) that a request's connection is destroyed unanswered. */
  drop?: number;
  /** Chance that a `getUpdates` is answered 409. */
  conflict?: number;
  /** Chance that a request is answered 429 with `retry_after`. */
  rateLimit?: number;
  retryAfterSec?: number;
  /** Each update of a batch is delivered twice. */
  duplicate?: boolean;
  /** A batch is delivered in a shuffled order. */
  shuffle?: boolean;
  /**
   * Updates below the offset are kept, as if the last batch was never confirmed (the poller died
   * before its next call): only a poller that asks with the right offset skips them.
   */
  keepConfirmed?: boolean;
}

export interface RecordedRequest {
  readonly method: string;
  readonly body: Record<string, unknown>;
  readonly startedAt: number;
  endedAt?: number;
  status?: number;
  fault?: 'drop' | 'conflict' | 'rate-limit' | 'terminated';
}

export interface SentMessage {
  readonly messageId: number;
  readonly chatId: string;
  text: string;
  buttons: unknown;
  readonly replyTo?: number;
  edits: number;
}

export interface FakeUser {
  readonly id: number;
  readonly username?: string;
  readonly first_name?: string;
}

export type FakeUpdate = Record<string, unknown> & { update_id: number };

export interface FakeBotApi {
  readonly apiBase: string;
  readonly requests: RecordedRequest[];
  readonly messages: Map<number, SentMessage>;
  readonly callbackAnswers: { readonly callbackQueryId: string; readonly text?: string }[];
  faults: FakeFaults;
  /** The next requests (any method, in order) fail like this, before the random faults apply. */
  failNext(...faults: ('drop' | 'conflict' | 'rate-limit')[]): void;
  /** Queues an update (given `update_id`, or the next one) and wakes a held long poll. */
  queue(update: Record<string, unknown> & { update_id?: number }): FakeUpdate;
  /** The most `getUpdates` requests ever open at once. */
  maxOpenGetUpdates(): number;
  /** Polls until `check` holds, waking on each request; throws at the deadline. */
  waitFor(check: () => boolean, what: string, ms?: number): Promise<void>;
  close(): Promise<void>;
}

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
function withRepliedMessage(update: FakeUpdate, messages: ReadonlyMap<number, SentMessage>): FakeUpdate {
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

interface HeldPoll {
  readonly request: RecordedRequest;
  readonly response: ServerResponse;
  readonly offset: number | undefined;
  readonly limit: number;
  readonly timer: NodeJS.Timeout;
}

export async function startFakeBotApi(options: {
  token: string;
  seed?: number;
  faults?: FakeFaults;
}): Promise<FakeBotApi> {
  const random = seededRandom(options.seed ?? 1);
  const requests: RecordedRequest[] = [];
  const messages = new Map<number, SentMessage>();
  const callbackAnswers: { callbackQueryId: string; text?: string }[] = [];
  let queue: FakeUpdate[] = [];
  let nextUpdateId = 1;
  let nextMessageId = 100;
  let openGetUpdates = 0;
  let maxOpen = 0;
  let held: HeldPoll | undefined;
  const wakers = new Set<() => void>();
  const state = { faults: options.faults ?? {} };
  const scripted: ('drop' | 'conflict' | 'rate-limit')[] = [];

  const wake = (): void => {
    for (const waker of wakers) waker();
  };
  const send = (request: RecordedRequest, response: ServerResponse, status: number, body: object): void => {
    request.status = status;
    if (!response.writableEnded)
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const ok = (request: RecordedRequest, response: ServerResponse, result: unknown): void =>
    send(request, response, 200, { ok: true, result });
  const error = (
    request: RecordedRequest,
    response: ServerResponse,
    code: number,
    description: string,
    extra = {},
  ): void => send(request, response, code, { ok: false, error_code: code, description, ...extra });

  const confirm = (offset: number | undefined): void => {
    if (offset === undefined || state.faults.keepConfirmed) return;
    queue = offset < 0 ? queue.slice(offset) : queue.filter((update) => update.update_id >= offset);
  };
  const available = (offset: number | undefined, limit: number): FakeUpdate[] => {
    const ready = queue
      .filter((update) => offset === undefined || offset < 0 || update.update_id >= offset)
      .slice(0, limit);
    let batch = state.faults.duplicate ? ready.flatMap((update) => [update, update]) : ready;
    if (state.faults.shuffle) {
      batch = [...batch];
      for (let i = batch.length - 1; i > 0; i -= 1) {
        const j = Math.floor(random() * (i + 1));
        [batch[i], batch[j]] = [batch[j] as FakeUpdate, batch[i] as FakeUpdate];
      }
    }
    return batch;
  };
  const answerHeld = (): void => {
    if (!held) return;
    const poll = held;
    const batch = available(poll.offset, poll.limit);
    if (batch.length === 0) return;
    held = undefined;
    clearTimeout(poll.timer);
    ok(poll.request, poll.response, batch);
  };

  const getUpdates = (request: RecordedRequest, response: ServerResponse): void => {
    const body = request.body;
    const offset = typeof body.offset === 'number' ? body.offset : undefined;
    const limit = typeof body.limit === 'number' ? Math.min(Math.max(body.limit, 1), 100) : 100;
    const timeout = typeof body.timeout === 'number' ? body.timeout : 0;
    if (held) {
      const previous = held;
      held = undefined;
      clearTimeout(previous.timer);
      previous.request.fault = 'terminated';
      error(
        previous.request,
        previous.response,
        409,
        'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
      );
    }
    confirm(offset);
    const batch = available(offset, limit);
    if (batch.length > 0 || timeout <= 0) {
      ok(request, response, batch);
      return;
    }
    const timer = setTimeout(() => {
      if (held?.response !== response) return;
      held = undefined;
      ok(request, response, []);
    }, timeout * 1000);
    held = { request, response, offset, limit, timer };
    response.on('close', () => {
      if (held?.response === response) {
        clearTimeout(held.timer);
        held = undefined;
      }
    });
  };

  const buttonsOf = (body: Record<string, unknown>): unknown => {
    const markup = body.reply_markup;
    return markup && typeof markup === 'object' && 'inline_keyboard' in markup ? markup.inline_keyboard : [];
  };

  const handle = (request: RecordedRequest, response: ServerResponse): void => {
    const body = request.body;
    switch (request.method) {
      case 'getUpdates':
        getUpdates(request, response);
        return;
      case 'sendMessage': {
        const messageId = nextMessageId++;
        const reply = body.reply_parameters;
        const replyTo =
          reply && typeof reply === 'object' && 'message_id' in reply && typeof reply.message_id === 'number'
            ? reply.message_id
            : undefined;
        messages.set(messageId, {
          messageId,
          chatId: String(body.chat_id),
          text: String(body.text ?? ''),
          buttons: buttonsOf(body),
          ...(replyTo === undefined ? {} : { replyTo }),
          edits: 0,
        });
        ok(request, response, {
          message_id: messageId,
          chat: { id: Number(body.chat_id) },
          date: 0,
          text: body.text,
        });
        return;
      }
      case 'editMessageText': {
        const message = messages.get(Number(body.message_id));
        if (!message) {
          error(request, response, 400, 'Bad Request: message to edit not found');
          return;
        }
        const buttons = buttonsOf(body);
        if (message.text === body.text && JSON.stringify(message.buttons) === JSON.stringify(buttons)) {
          error(
            request,
            response,
            400,
            'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
          );
          return;
        }
        message.text = String(body.text ?? '');
        message.buttons = buttons;
        message.edits += 1;
        ok(request, response, { message_id: message.messageId });
        return;
      }
      case 'answerCallbackQuery':
        callbackAnswers.push({
          callbackQueryId: String(body.callback_query_id),
          ...(typeof body.text === 'string' ? { text: body.text } : {}),
        });
        ok(request, response, true);
        return;
      default:
        error(request, response, 404, 'Not Found');
    }
  };

  const server = createServer((incoming: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(incoming.url ?? '');
      let body: Record<string, unknown> = {};
      try {
        const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        if (parsed && typeof parsed === 'object') body = { ...parsed };
      } catch {
        body = {};
      }
      const request: RecordedRequest = { method: match?.[2] ?? '', body, startedAt: Date.now() };
      requests.push(request);
      const isGetUpdates = request.method === 'getUpdates';
      if (isGetUpdates) {
        openGetUpdates += 1;
        maxOpen = Math.max(maxOpen, openGetUpdates);
      }
      response.on('close', () => {
        request.endedAt = Date.now();
        if (isGetUpdates) openGetUpdates -= 1;
        wake();
      });
      wake();
      if (!match || match[1] !== options.token) {
        error(request, response, 401, 'Unauthorized');
        return;
      }
      const faults = state.faults;
      const forced = scripted.shift();
      if (
        forced === 'drop' ||
        (forced === undefined && (faults.drop ?? 0) > 0 && random() < (faults.drop ?? 0))
      ) {
        request.fault = 'drop';
        incoming.socket.destroy();
        return;
      }
      if (
        forced === 'conflict' ||
        (forced === undefined &&
          isGetUpdates &&
          (faults.conflict ?? 0) > 0 &&
          random() < (faults.conflict ?? 0))
      ) {
        request.fault = 'conflict';
        error(
          request,
          response,
          409,
          'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
        );
        return;
      }
      if (
        forced === 'rate-limit' ||
        (forced === undefined && (faults.rateLimit ?? 0) > 0 && random() < (faults.rateLimit ?? 0))
      ) {
        request.fault = 'rate-limit';
        const retryAfter = faults.retryAfterSec ?? 1;
        error(request, response, 429, `Too Many Requests: retry after ${retryAfter}`, {
          parameters: { retry_after: retryAfter },
        });
        return;
      }
      handle(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address() as AddressInfo;

  return {
    apiBase: `http://127.0.0.1:${address.port}`,
    requests,
    messages,
    callbackAnswers,
    get faults() {
      return state.faults;
    },
    set faults(next: FakeFaults) {
      state.faults = next;
    },
    failNext(...faults) {
      scripted.push(...faults);
    },
    queue(update) {
      const id = update.update_id ?? nextUpdateId;
      nextUpdateId = Math.max(nextUpdateId, id + 1);
      const full: FakeUpdate = withRepliedMessage({ ...update, update_id: id }, messages);
      queue.push(full);
      answerHeld();
      return full;
    },
    maxOpenGetUpdates: () => maxOpen,
    async waitFor(check, what, ms = 60_000) {
      const deadline = Date.now() + ms;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`fake Bot API: timed out waiting for ${what}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, 100);
          function done(): void {
            clearTimeout(timer);
            wakers.delete(done);
            resolve();
          }
          wakers.add(done);
        });
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (held) clearTimeout(held.timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
