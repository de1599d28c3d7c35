/** Writing JSON and SSE responses, and the context a transport gets from the server. */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { ModelScript } from './conversation.js';
import type { RecordedRequest } from './request-log.js';

/** What a transport needs from the server. */
export interface TransportContext {
  readonly script: ModelScript;
  readonly now: () => number;
  readonly nextId: () => string;
  record(entry: RecordedRequest): void;
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'request-id': `req_${randomBytes(6).toString('hex')}`,
    ...headers,
    'content-length': String(Buffer.byteLength(payload)),
  });
  response.end(payload);
}

export function sendStream(response: ServerResponse, body: string): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    'request-id': `req_${randomBytes(6).toString('hex')}`,
    connection: 'close',
  });
  response.end(body);
}
