/**
 * The inspector relay: one HTTP + WebSocket port on 127.0.0.1. The run's own WebSocket inspector
 * (the producer) and the browser pages (viewers) connect to the same socket. Only the producer's
 * messages are filtered (`toRelayed`), kept (bounded) and relayed: it proves itself with a random
 * token in its URL that only this process knows. Anything a viewer (or any other local client)
 * sends is dropped, so nothing can inject events into what people watch. Late viewers get the
 * history first.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { isOwnHost, isOwnOrigin, LOOPBACK_HOST } from './loopback-guard.js';

export const RELAY_HOST = LOOPBACK_HOST;
const MAX_PAYLOAD = 1 << 20;
/** Non-actor messages kept for late viewers; `@xstate.actor` messages are always kept. */
const MAX_HISTORY = 2_000;

/** Renders a page for the port actually bound (its CSP names the port). */
export type RelayPage = (port: number) => { readonly html: string; readonly csp: string };

export interface RelayOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** The page at `/`. */
  readonly page: RelayPage;
  /** More pages by path (`/local`), fed by the same relay. */
  readonly morePages?: Readonly<Record<string, RelayPage>>;
  /** Turns a received message into what is kept and relayed; undefined drops it. */
  readonly toRelayed: (raw: string) => string | undefined;
  /** The secret the producer puts in its URL (`?producer=<token>`); see `producerUrl`. */
  readonly producerToken: string;
}

export interface Relay {
  readonly port: number;
  readonly httpUrl: string;
  readonly wsUrl: string;
  /** The URL the run's own inspector connects to; its messages are the only ones relayed. */
  readonly producerUrl: string;
  /** Resolves when the producer has connected. */
  readonly firstConnection: Promise<void>;
  /** Resolves when the producer has disconnected. */
  producerClosed(): Promise<void>;
  /** Messages relayed so far (actor messages plus the bounded tail). */
  history(): readonly string[];
  close(): Promise<void>;
}

/** The request carries the producer token (compared in constant time). */
function isProducer(request: IncomingMessage, token: string): boolean {
  const given = new URL(request.url ?? '/', 'ws://relay').searchParams.get('producer') ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return token.length > 0 && a.length === b.length && timingSafeEqual(a, b);
}

export async function serveRelay(options: RelayOptions): Promise<Relay> {
  const actors: string[] = [];
  const tail: string[] = [];
  let port = 0;
  const server = createServer((request, response) => {
    if (!isOwnHost(request, port)) {
      response.writeHead(421, { 'content-type': 'text/plain' }).end('wrong host\n');
      return;
    }
    const path = request.url ?? '/';
    const pages = options.morePages ?? {};
    // hasOwn: a path such as /constructor must not reach the object's prototype.
    const render = path === '/' ? options.page : Object.hasOwn(pages, path) ? pages[path] : undefined;
    if (request.method !== 'GET' || render === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const page = render(port);
    response
      .writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': page.csp,
        'x-content-type-options': 'nosniff',
      })
      .end(page.html);
  });
  const wss = new WebSocketServer({
    server,
    maxPayload: MAX_PAYLOAD,
    verifyClient: ({ req }: { req: IncomingMessage }) => isOwnHost(req, port) && isOwnOrigin(req, port),
  });
  let connected: () => void = () => undefined;
  const firstConnection = new Promise<void>((resolve) => {
    connected = resolve;
  });
  let producerGone: () => void = () => undefined;
  const producerClosed = new Promise<void>((resolve) => {
    producerGone = resolve;
  });
  wss.on('connection', (socket, request) => {
    if (!isProducer(request, options.producerToken)) {
      for (const message of [...actors, ...tail]) socket.send(message);
      socket.on('error', () => socket.terminate());
      return;
    }
    connected();
    socket.once('close', () => producerGone());
    socket.on('message', (data) => {
      const message = options.toRelayed(String(data));
      if (message === undefined) return;
      if (message.includes('"type":"@xstate.actor"')) actors.push(message);
      else {
        tail.push(message);
        if (tail.length > MAX_HISTORY) tail.shift();
      }
      for (const client of wss.clients) {
        if (client !== socket && client.readyState === WebSocket.OPEN) client.send(message);
      }
    });
    socket.on('error', () => socket.terminate());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, RELAY_HOST, () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address !== null ? address.port : options.port;

  let closing: Promise<void> | undefined;
  return {
    port,
    httpUrl: `http://${RELAY_HOST}:${port}/`,
    wsUrl: `ws://${RELAY_HOST}:${port}`,
    producerUrl: `ws://${RELAY_HOST}:${port}/?producer=${encodeURIComponent(options.producerToken)}`,
    firstConnection,
    producerClosed: () => producerClosed,
    history: () => [...actors, ...tail],
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
