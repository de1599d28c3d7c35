/**
 * The inspector relay: one HTTP + WebSocket port on 127.0.0.1. The WebSocket inspector and
 * the browser pages connect to the same socket; every message is filtered (`toRelayed`), kept (bounded) and
 * relayed to the other clients, and late viewers get the history first.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { isOwnHost, isOwnOrigin, LOOPBACK_HOST } from './loopback-guard.js';

export const RELAY_HOST = LOOPBACK_HOST;
const MAX_PAYLOAD = 1 << 20;
/** Non-actor messages kept for late viewers; `@xstate.actor` messages are always kept. */
const MAX_HISTORY = 2_000;

export interface RelayOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** Renders the page for the port actually bound (its CSP names the port). */
  readonly page: (port: number) => { readonly html: string; readonly csp: string };
  /** Turns a received message into what is kept and relayed; undefined drops it. */
  readonly toRelayed: (raw: string) => string | undefined;
}

export interface Relay {
  readonly port: number;
  readonly httpUrl: string;
  readonly wsUrl: string;
  /** Resolves when the first client (normally the inspector) has connected. */
  readonly firstConnection: Promise<void>;
  /** Resolves when the first client to connect (the producer) has disconnected. */
  producerClosed(): Promise<void>;
  /** Messages relayed so far (actor messages plus the bounded tail). */
  history(): readonly string[];
  close(): Promise<void>;
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
    if (request.method !== 'GET' || (request.url ?? '/') !== '/') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const page = options.page(port);
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
  let isFirst = true;
  wss.on('connection', (socket) => {
    connected();
    if (isFirst) socket.once('close', () => producerGone());
    isFirst = false;
    for (const message of [...actors, ...tail]) socket.send(message);
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
