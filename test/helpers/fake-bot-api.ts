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
import { answerChatMethod, createFakeChat, type SentMessage } from './fake-bot-chat.js';
import { type FakeUpdate, seededRandom, withRepliedMessage } from './fake-bot-updates.js';

export type { SentMessage } from './fake-bot-chat.js';

export {
  type FakeUpdate,
  type FakeUser,
  messageUpdate,
  pressUpdate,
  seededRandom,
} from './fake-bot-updates.js';

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
  /** Faults (random and `failNext`) apply to `getUpdates` only, so announcing a gate never fails. */
  onlyGetUpdates?: boolean;
}

export interface RecordedRequest {
  readonly method: string;
  readonly body: Record<string, unknown>;
  readonly startedAt: number;
  endedAt?: number;
  status?: number;
  fault?: 'drop' | 'conflict' | 'rate-limit' | 'terminated';
}

export interface FakeBotApi {
  readonly apiBase: string;
  readonly requests: RecordedRequest[];
  readonly messages: Map<number, SentMessage>;
  readonly callbackAnswers: { readonly callbackQueryId: string; readonly text?: string }[];
  faults: FakeFaults;
  /**
   * The next requests (any method, or `getUpdates` only with `onlyGetUpdates`), in order, fail
   * like this, before the random faults apply.
   */
  failNext(...faults: ('drop' | 'conflict' | 'rate-limit')[]): void;
  /** Queues an update (given `update_id`, or the next one) and wakes a held long poll. */
  queue(update: Record<string, unknown> & { update_id?: number }): FakeUpdate;
  /** Queues several updates before waking a held long poll, so they arrive in one batch. */
  queueBatch(...updates: (Record<string, unknown> & { update_id?: number })[]): FakeUpdate[];
  /** The most `getUpdates` requests ever open at once. */
  maxOpenGetUpdates(): number;
  /** Polls until `check` holds, waking on each request; throws at the deadline. */
  waitFor(check: () => boolean, what: string, ms?: number): Promise<void>;
  close(): Promise<void>;
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
  const chat = createFakeChat();
  let queue: FakeUpdate[] = [];
  let nextUpdateId = 1;
  let openGetUpdates = 0;
  let maxOpen = 0;
  let held: HeldPoll | undefined;
  const wakers = new Set<() => void>();
  const state = { faults: options.faults ?? {} };
  const scripted: ('drop' | 'conflict' | 'rate-limit')[] = [];

  const enqueue = (update: Record<string, unknown> & { update_id?: number }): FakeUpdate => {
    const id = update.update_id ?? nextUpdateId;
    nextUpdateId = Math.max(nextUpdateId, id + 1);
    const full: FakeUpdate = withRepliedMessage({ ...update, update_id: id }, chat.messages);
    queue.push(full);
    return full;
  };
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

  const handle = (request: RecordedRequest, response: ServerResponse): void => {
    if (request.method === 'getUpdates') {
      getUpdates(request, response);
      return;
    }
    const answer = answerChatMethod(chat, request.method, request.body);
    send(request, response, answer.status, answer.body);
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
      if (faults.onlyGetUpdates && !isGetUpdates) {
        handle(request, response);
        return;
      }
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
    messages: chat.messages,
    callbackAnswers: chat.callbackAnswers,
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
      const full = enqueue(update);
      answerHeld();
      return full;
    },
    queueBatch(...updates) {
      const queued = updates.map(enqueue);
      answerHeld();
      return queued;
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
