/** What the server saw, kept for assertions and for the demo's own accounting. */
import type { Conversation, Reply } from './conversation.js';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body, or undefined for bodiless requests. */
  readonly body: unknown;
  /** Set when the request reached the script. */
  readonly conversation?: Conversation;
  readonly reply?: Reply;
}

/** Headers worth keeping; secrets are shortened so logs never hold a whole key. */
const KEPT_HEADERS = [
  'user-agent',
  'anthropic-beta',
  'anthropic-version',
  'x-api-key',
  'authorization',
  'originator',
  'upgrade',
  'x-stainless-retry-count',
];

export function keepHeaders(
  raw: Readonly<Record<string, string | string[] | undefined>>,
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = raw[name];
    if (value === undefined) continue;
    const flat = Array.isArray(value) ? value.join(', ') : value;
    kept[name] = name === 'x-api-key' || name === 'authorization' ? `${flat.slice(0, 16)}…` : flat;
  }
  return kept;
}
