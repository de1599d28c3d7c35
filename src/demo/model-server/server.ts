/**
 * The loopback scripted model server: one HTTP server on 127.0.0.1 that speaks the Anthropic
 * Messages API (claude) and the OpenAI Responses API (codex), answering from a `ModelScript`.
 *
 * @example
 * const server = await startModelServer({ script: () => textReply('hi') });
 * // ANTHROPIC_BASE_URL=server.baseUrl ; codex -c openai_base_url=`${server.baseUrl}/v1`
 * await server.close();
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { handleAnthropic } from './anthropic-transport.js';
import type { ModelScript } from './conversation.js';
import { sendJson, type TransportContext } from './http-reply.js';
import { handleOpenAi } from './openai-transport.js';
import { keepHeaders, type RecordedRequest } from './request-log.js';

export interface ModelServerOptions {
  readonly script: ModelScript;
  /** Epoch milliseconds; injectable so reset times are exact in tests. */
  readonly now?: () => number;
}

export interface ModelServer {
  readonly port: number;
  /** `http://127.0.0.1:PORT` (claude's ANTHROPIC_BASE_URL; codex wants `${baseUrl}/v1`). */
  readonly baseUrl: string;
  /** Every request, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** Closes the listener and destroys every open socket. */
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return { unparsed: text.slice(0, 200) };
  }
}

export async function startModelServer(options: ModelServerOptions): Promise<ModelServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const context: TransportContext = {
    script: options.script,
    now: options.now ?? Date.now,
    nextId: () => randomBytes(10).toString('hex'),
    record: (entry) => requests.push(entry),
  };

  const server = createServer((request, response) => {
    void route(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: { message: String(error) } });
      else response.destroy();
    });
  });

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const path = request.url ?? '/';
    const headers = keepHeaders(request.headers);
    const body = parseJson(await readBody(request));
    if (method === 'POST' && path.startsWith('/v1/messages')) {
      return handleAnthropic(context, { method, path, headers, body }, response);
    }
    if (method === 'POST' && path.startsWith('/v1/responses')) {
      return handleOpenAi(context, { method, path, headers, body }, response);
    }
    context.record({ method, path, headers, body });
    if (method === 'HEAD') {
      response.writeHead(200, { 'content-length': '0' }).end();
      return;
    }
    if (method === 'GET' && /\/models\/?(\?|$)/.test(path)) {
      sendJson(response, 200, { models: [], data: [] });
      return;
    }
    sendJson(response, 404, {
      type: 'error',
      error: { type: 'not_found_error', message: `no route ${path}` },
    });
  }

  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // Refuse websocket upgrades so codex falls back to plain HTTP streaming.
  server.on('upgrade', (request: IncomingMessage, socket: Socket) => {
    context.record({
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      headers: keepHeaders(request.headers),
      body: undefined,
    });
    socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
