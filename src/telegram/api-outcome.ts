/**
 * What one Bot API answer means, as data: a result, or a failure class that says what to do next
 * (wait `retry_after`, back off, give up). Classified from the status and the JSON fields, never
 * from prose. Pure.
 */
import { cleanStored } from '../text/clean-text.js';
import { ApiEnvelopeSchema } from './bot-api-schema.js';

export type BotApiFailure =
  /** 409: another `getUpdates` for this token is running (elsewhere); back off. */
  | { readonly kind: 'conflict'; readonly description: string }
  /** 429: wait `retryAfterSec`. */
  | { readonly kind: 'rate-limited'; readonly retryAfterSec: number; readonly description: string }
  /** No answer (refused, reset, timed out) after got's own retries. */
  | { readonly kind: 'network'; readonly description: string }
  /** 401: the token is wrong or revoked; nothing will work until it is fixed. */
  | { readonly kind: 'unauthorized'; readonly description: string }
  /** 5xx: the Bot API failed; back off. */
  | { readonly kind: 'server'; readonly status: number; readonly description: string }
  /** Any other refusal (400 bad request, 403 blocked by the user …): this call will not work. */
  | { readonly kind: 'rejected'; readonly status: number; readonly description: string }
  /** An answer that is not the Bot API's JSON. */
  | { readonly kind: 'bad-response'; readonly description: string }
  | { readonly kind: 'aborted' };

export type BotApiResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly failure: BotApiFailure };

/** Default wait when a 429 carries no `retry_after`. */
const DEFAULT_RETRY_AFTER_SEC = 5;
const MAX_DESCRIPTION = 300;

/** A description fit to log: the token cut out, secrets and control characters neutralised, clipped. */
export function cleanDescription(text: string, token: string): string {
  const hidden = token.length > 0 ? text.split(token).join('[redacted]') : text;
  return cleanStored(hidden).slice(0, MAX_DESCRIPTION);
}

/** Classifies an HTTP answer of the Bot API. */
export function classifyApiAnswer(status: number, body: string, token: string): BotApiResult<unknown> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  const envelope = ApiEnvelopeSchema.safeParse(json);
  if (!envelope.success) {
    const description = cleanDescription(`HTTP ${status}: ${body}`, token);
    if (status >= 500) return { ok: false, failure: { kind: 'server', status, description } };
    if (status === 429) return rateLimited(DEFAULT_RETRY_AFTER_SEC, description);
    return { ok: false, failure: { kind: 'bad-response', description } };
  }
  const answer = envelope.data;
  if (answer.ok && status >= 200 && status < 300) return { ok: true, value: answer.result };
  const code = answer.error_code ?? status;
  const description = cleanDescription(`${code}: ${answer.description ?? `HTTP ${status}`}`, token);
  if (code === 429)
    return rateLimited(answer.parameters?.retry_after ?? DEFAULT_RETRY_AFTER_SEC, description);
  if (code === 409) return { ok: false, failure: { kind: 'conflict', description } };
  if (code === 401) return { ok: false, failure: { kind: 'unauthorized', description } };
  if (code >= 500) return { ok: false, failure: { kind: 'server', status: code, description } };
  return { ok: false, failure: { kind: 'rejected', status: code, description } };
}

function rateLimited(retryAfterSec: number, description: string): BotApiResult<never> {
  const seconds =
    Number.isFinite(retryAfterSec) && retryAfterSec > 0 ? retryAfterSec : DEFAULT_RETRY_AFTER_SEC;
  return { ok: false, failure: { kind: 'rate-limited', retryAfterSec: seconds, description } };
}

/** One line for a log: `conflict: 409: Conflict: terminated by other getUpdates request`. */
export function renderFailure(failure: BotApiFailure): string {
  return failure.kind === 'aborted' ? 'aborted' : `${failure.kind}: ${failure.description}`;
}
