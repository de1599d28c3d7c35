/**
 * The `_signal.json` contract: a zod schema and the pure function that turns the file's
 * contents into exactly one machine event. It never throws.
 *
 * @example
 * toSignalEvent('{"status":"continue","phase":"investigation"}');
 * // { type: 'signal.continue', target: 'investigation' }
 */
import * as z from 'zod';
import type { SignalEvent } from './events.js';
import { BLOCK_NEEDS, PHASES, WAIT_REASONS, type WaitReason } from './phases.js';

/** Larger signal files are refused unread. */
export const MAX_SIGNAL_BYTES = 64 * 1024;
const QUOTE_CHARS = 200;

/** Waits other agents' prompts use for one of ours (the Python original's `file_update`). */
export const WAIT_ALIASES: ReadonlyMap<string, WaitReason> = new Map([['file_update', 'human_action']]);

const acceptedWaits = `${WAIT_REASONS.join(', ')} (${[...WAIT_ALIASES]
  .map(([alias, wait]) => `${alias} is read as ${wait}`)
  .join('; ')})`;

// Any length: the file's size cap bounds it; displays shorten it, the session files keep it whole.
const text = z.string().trim().min(1);
const phase = z.enum(PHASES);
const wait = z.enum(WAIT_REASONS, {
  error: (issue) =>
    issue.input === undefined
      ? `a wait is required; accepted: ${acceptedWaits}`
      : `${JSON.stringify(issue.input).replaceAll('"', "'")} is not a wait samocode knows; accepted: ${acceptedWaits}`,
});

export const SignalSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('continue'), phase: phase.optional(), summary: text.optional() }),
  z.object({ status: z.literal('done'), phase: phase.optional(), summary: text }),
  z.object({
    status: z.literal('blocked'),
    phase: phase.optional(),
    reason: text,
    needs: z.enum(BLOCK_NEEDS),
  }),
  z.object({
    status: z.literal('waiting'),
    phase: phase.optional(),
    for: wait,
    summary: text.optional(),
  }),
]);
export type Signal = z.infer<typeof SignalSchema>;

/** Shortens untrusted text before it is quoted in a reason. */
export function quote(value: string, max = QUOTE_CHARS): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

export function toEvent(signal: Signal): SignalEvent {
  const target = signal.phase === undefined ? {} : { target: signal.phase };
  switch (signal.status) {
    case 'continue':
      return { type: 'signal.continue', ...target, ...(signal.summary ? { summary: signal.summary } : {}) };
    case 'done':
      return { type: 'signal.done', ...target, summary: signal.summary };
    case 'blocked':
      return { type: 'signal.blocked', ...target, reason: signal.reason, needs: signal.needs };
    case 'waiting':
      return {
        type: 'signal.waiting',
        ...target,
        for: signal.for,
        ...(signal.summary ? { summary: signal.summary } : {}),
      };
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'signal'}: ${issue.message}`)
    .join('; ');
}

const lower = (value: unknown): unknown => (typeof value === 'string' ? value.trim().toLowerCase() : value);

/** What an agent may write differently without changing the meaning: the case of a name, a wait's alias. */
const NORMALIZE: Readonly<Record<string, (value: unknown) => unknown>> = {
  status: lower,
  phase: lower,
  for: (value) => {
    const name = lower(value);
    return typeof name === 'string' ? (WAIT_ALIASES.get(name) ?? name) : name;
  },
};

function normalize(json: unknown): unknown {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return json;
  return Object.fromEntries(
    Object.entries(json).map(([key, value]) => [
      key,
      Object.hasOwn(NORMALIZE, key) ? NORMALIZE[key]?.(value) : value,
    ]),
  );
}

/**
 * Turns the raw contents of `_signal.json` into one event; a leading UTF-8 byte order mark (some
 * editors and Windows tools write one) is skipped.
 * `undefined` means the file does not exist; the caller decides whether that is `agent.noSignal`.
 */
export function toSignalEvent(raw: string): SignalEvent {
  const contents = raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
  const bytes = Buffer.byteLength(contents, 'utf8');
  if (bytes > MAX_SIGNAL_BYTES) {
    return {
      type: 'signal.invalid',
      problem: `_signal.json is over ${MAX_SIGNAL_BYTES} bytes, the limit`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(contents);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      type: 'signal.invalid',
      problem: `_signal.json is not valid JSON (${quote(why, 120)}): "${quote(contents)}"`,
    };
  }
  const parsed = SignalSchema.safeParse(normalize(json));
  if (!parsed.success) {
    return {
      type: 'signal.invalid',
      problem: `_signal.json breaks the schema (${quote(describeIssues(parsed.error), 300)}): "${quote(contents)}"`,
    };
  }
  return toEvent(parsed.data);
}
