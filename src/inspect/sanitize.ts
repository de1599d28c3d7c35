/**
 * What the inspector may see: phase, sub-state, counters and short redacted reasons. Prompts,
 * paths, inputs, outputs, actor internals and secrets are dropped before a message leaves the
 * process. Pure; `buildSanitizers(redact)` gives the three hooks @statelyai/inspect takes.
 */
import type { Redact } from '../text/redact.js';

const MAX_TEXT = 300;
/** Absolute or home-relative paths of two or more segments; only the last segment is kept. */
const PATH = /(?:~|\.{1,2})?(?:\/[^\s/'"`:;,()[\]{}<>]+){2,}/g;

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function scrubText(text: string, redact: Redact): string {
  const scrubbed = redact(text).replace(PATH, (path) => `…/${path.split('/').pop() ?? ''}`);
  return scrubbed.length > MAX_TEXT ? `${scrubbed.slice(0, MAX_TEXT - 1)}…` : scrubbed;
}

function pick(source: Json, keys: readonly string[], redact: Redact): Json {
  const out: Json = {};
  for (const key of keys) {
    const value = source[key];
    if (typeof value === 'string') out[key] = scrubText(value, redact);
    else if (typeof value === 'number' || typeof value === 'boolean') out[key] = value;
  }
  return out;
}

function counters(value: unknown): Record<string, number> | undefined {
  if (!isRecord(value)) return undefined;
  const out: Record<string, number> = {};
  for (const [key, count] of Object.entries(value)) if (typeof count === 'number') out[key] = count;
  return out;
}

const CONTEXT_SCALARS = [
  'totalIterations',
  'attempt',
  'reminded',
  'pendingTarget',
  'autoApproved',
  'summary',
];
const CONTEXT_PARTS: Readonly<Record<string, readonly string[]>> = {
  blocked: ['rule', 'reason', 'needs'],
  waiting: ['for', 'summary'],
  failure: ['outcome', 'kind', 'message'],
  suspension: ['waitMs', 'resetsAt', 'message'],
};

export function sanitizeContext(context: unknown, redact: Redact): Json | undefined {
  if (!isRecord(context)) return undefined;
  const out: Json = pick(context, CONTEXT_SCALARS, redact);
  const iterations = counters(context.iterations);
  if (iterations) out.iterations = iterations;
  const allowance = counters(context.allowance);
  if (allowance) out.allowance = allowance;
  for (const [part, keys] of Object.entries(CONTEXT_PARTS)) {
    const value = context[part];
    if (isRecord(value)) out[part] = pick(value, keys, redact);
  }
  return out;
}

const EVENT_FIELDS = [
  'target',
  'summary',
  'reason',
  'needs',
  'for',
  'problem',
  'kind',
  'outcome',
  'message',
  'waitMs',
  'resetsAt',
];

/** Keeps the type and the known fields of our events; `xstate.init` input and actor outputs go. */
export function sanitizeEvent(event: unknown, redact: Redact): { type: string } & Json {
  if (!isRecord(event)) return { type: 'unknown' };
  const type = typeof event.type === 'string' ? scrubText(event.type, redact) : 'unknown';
  return { ...pick(event, EVENT_FIELDS, redact), type };
}

function sanitizeSnapshot(snapshot: unknown, redact: Redact): Json {
  if (!isRecord(snapshot)) return { status: 'active' };
  const out: Json = { status: typeof snapshot.status === 'string' ? snapshot.status : 'active' };
  if ('value' in snapshot) out.value = snapshot.value;
  const context = sanitizeContext(snapshot.context, redact);
  if (context) out.context = context;
  if (snapshot.error !== undefined) out.error = scrubText(String(snapshot.error), redact);
  return out;
}

const MESSAGE_FIELDS = [
  'type',
  'name',
  'sessionId',
  'parentId',
  'rootId',
  'sourceId',
  'createdAt',
  'id',
  '_version',
];

/** The whole wire message, whitelisted: a last line of defence after the two hooks. */
export function toWireMessage(message: unknown, redact: Redact): Json {
  if (!isRecord(message)) return { type: 'unknown' };
  const out: Json = {};
  for (const key of MESSAGE_FIELDS) {
    const value = message[key];
    if (typeof value === 'string' || value === null) out[key] = value;
  }
  if (typeof message.definition === 'string') out.definition = redact(message.definition);
  if ('snapshot' in message) out.snapshot = sanitizeSnapshot(message.snapshot, redact);
  if ('event' in message) out.event = sanitizeEvent(message.event, redact);
  return out;
}

/**
 * A raw relay message (JSON text) → the whitelisted, redacted text; undefined if not JSON.
 * `addView` adds what a page renders (the local viewer's `view`), redacted with the rest.
 */
export function toRelayedMessage(
  raw: string,
  redact: Redact,
  addView?: (wire: Json) => Json,
): string | undefined {
  try {
    const wire = toWireMessage(JSON.parse(raw), redact);
    return redact(JSON.stringify(addView ? { ...wire, view: addView(wire) } : wire));
  } catch {
    return undefined;
  }
}
