/** A real loopback HTTP server that answers like the Telegram Bot API, or fails on purpose. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** `reset-once` drops the first request's connection (the client sees ECONNRESET), then answers ok. */
export type TelegramBehaviour = 'ok' | 'bad-request' | 'server-error' | 'hang' | 'reset-once';

export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly body: string;
}

export interface FakeTelegram {
  readonly apiBase: string;
  readonly requests: ReceivedRequest[];
  behaviour: TelegramBehaviour;
  /** Resolves once `count` requests have arrived (or rejects after `ms`). */
  waitForRequests(count: number, ms?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeTelegram(behaviour: TelegramBehaviour = 'ok'): Promise<FakeTelegram> {
  const requests: ReceivedRequest[] = [];
  const waiters: Array<() => void> = [];
  const state = { behaviour };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        method: request.method ?? '',
        url: request.url ?? '',
        body: Buffer.concat(chunks).toString('utf8'),
      });
      for (const wake of waiters.splice(0)) wake();
      const json = { 'content-type': 'application/json' };
      switch (state.behaviour) {
        case 'ok':
          response.writeHead(200, json).end('{"ok":true,"result":{"message_id":1}}');
          return;
        case 'bad-request':
          response
            .writeHead(400, json)
            .end('{"ok":false,"error_code":400,"description":"Bad Request: can\'t parse entities"}');
          return;
        case 'server-error':
          response
            .writeHead(500, json)
            .end('{"ok":false,"error_code":500,"description":"Internal Server Error"}');
          return;
        case 'hang':
          return;
        case 'reset-once':
          state.behaviour = 'ok';
          request.socket.destroy();
          return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    apiBase: `http://127.0.0.1:${port}`,
    requests,
    get behaviour() {
      return state.behaviour;
    },
    set behaviour(next: TelegramBehaviour) {
      state.behaviour = next;
    },
    async waitForRequests(count, ms = 5_000) {
      const deadline = Date.now() + ms;
      while (requests.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} requests, got ${requests.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A port on 127.0.0.1 with nothing listening (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
