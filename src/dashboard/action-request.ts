/**
 * The guards of a dashboard action before anything is decided: a POST only, carrying the page's
 * per-process token (`X-Samocode-Token`), a JSON body no larger than the limit. Each refusal is a
 * clear status and sentence; the Host and Origin checks come before, for every request.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type ActionBody, ActionBodySchema } from './dashboard-actions.js';
import { TOKEN_HEADER } from './dashboard-wire.js';

export type ActionRequest =
  | { readonly ok: true; readonly body: ActionBody }
  | { readonly ok: false; readonly status: number; readonly error: string };

export function isOwnToken(request: IncomingMessage, token: string): boolean {
  const sent = request.headers[TOKEN_HEADER];
  if (typeof sent !== 'string') return false;
  const [a, b] = [Buffer.from(sent), Buffer.from(token)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Reads the body up to `maxBytes`; more is refused without reading on. */
function readBody(request: IncomingMessage, maxBytes: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        resolve(undefined);
        request.pause();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export async function readActionRequest(
  request: IncomingMessage,
  token: string,
  maxBytes: number,
): Promise<ActionRequest> {
  if (request.method !== 'POST')
    return { ok: false, status: 405, error: 'dashboard actions are POST requests' };
  if (!isOwnToken(request, token))
    return {
      ok: false,
      status: 403,
      error: `missing or wrong ${TOKEN_HEADER}: act from the page this dashboard served (reload it)`,
    };
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json')
    return { ok: false, status: 415, error: 'an action body is JSON (content-type: application/json)' };
  const length = Number(request.headers['content-length'] ?? 0);
  if (length > maxBytes)
    return { ok: false, status: 413, error: `an action body holds at most ${maxBytes} bytes` };
  const text = await readBody(request, maxBytes);
  if (text === undefined)
    return { ok: false, status: 413, error: `an action body holds at most ${maxBytes} bytes` };
  let value: unknown;
  try {
    value = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return { ok: false, status: 400, error: 'the action body is not JSON' };
  }
  const parsed = ActionBodySchema.safeParse(value);
  if (!parsed.success)
    return {
      ok: false,
      status: 400,
      error: `the action body does not fit: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ')}`,
    };
  return { ok: true, body: parsed.data };
}
