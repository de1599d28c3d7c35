/**
 * A decision on a gate, and the stop request: the records every channel writes and the lock
 * holder applies. Strings a person typed (`who`, payloads) are cleaned on the way in and out, so a
 * record never carries a secret or a raw control character. Pure.
 */
import * as z from 'zod';
import { cleanStored } from '../text/clean-text.js';
import { parseGateId } from './gate-id.js';

export const DECISION_ACTIONS = ['approve', 'reject', 'answer', 'grant', 'stop'] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];
export const DECISION_CHANNELS = ['cli', 'dashboard', 'telegram'] as const;
export type DecisionChannel = (typeof DECISION_CHANNELS)[number];

/** A decision record is small; anything bigger is refused unread. */
export const MAX_DECISION_BYTES = 64 * 1024;
const MAX_WHO = 120;
const MAX_ANSWERS = 32 * 1024;

export const DecisionPayloadSchema = z.strictObject({
  /** Answers typed in a reply (Telegram): added to `_qa.md` under a heading that names who answered. */
  answers: z.string().max(MAX_ANSWERS).optional(),
  /** `_qa.md` as a person edited it (the dashboard's form, `answer --file F`): it replaces the file. */
  qa: z.string().max(MAX_ANSWERS).optional(),
  /** A file holding the answers (`answer --file F`). */
  file: z.string().min(1).max(4096).optional(),
  /** Why a plan was rejected. */
  reason: z.string().max(2000).optional(),
  /** A grant as `run --grant` takes it: `cost=5,hours=1`. */
  grant: z.string().min(1).max(200).optional(),
});
export type DecisionPayload = z.infer<typeof DecisionPayloadSchema>;

const WhoSchema = z.string().min(1).max(MAX_WHO);
const AtSchema = z.iso.datetime({ offset: true });

export const DecisionSchema = z.strictObject({
  gateId: z.string().refine((id) => parseGateId(id) !== undefined, 'not a gate id (<session>/g<seq>-<kind>)'),
  action: z.enum(DECISION_ACTIONS),
  payload: DecisionPayloadSchema.optional(),
  channel: z.enum(DECISION_CHANNELS),
  who: WhoSchema,
  at: AtSchema,
});
export type Decision = z.infer<typeof DecisionSchema>;

export const StopRequestSchema = z.strictObject({
  channel: z.enum(DECISION_CHANNELS),
  who: WhoSchema,
  at: AtSchema,
  reason: z.string().max(2000).optional(),
});
export type StopRequest = z.infer<typeof StopRequestSchema>;

/** A name a person gave: cleaned, one line, cut to fit; "unknown" when nothing is left. */
export function cleanWho(who: string): string {
  const line = cleanStored(who).replaceAll(/\s+/g, ' ').trim();
  return line.length === 0 ? 'unknown' : line.slice(0, MAX_WHO);
}

function cleanPayload(payload: DecisionPayload): DecisionPayload {
  const out: DecisionPayload = {};
  for (const key of ['answers', 'qa', 'file', 'reason', 'grant'] as const) {
    const value = payload[key];
    if (value !== undefined) out[key] = cleanStored(value);
  }
  return out;
}

export interface DecisionInput {
  readonly gateId: string;
  readonly action: DecisionAction;
  readonly payload?: DecisionPayload;
  readonly channel: DecisionChannel;
  readonly who: string;
  /** Default: now. */
  readonly at?: Date;
}

/**
 * A valid, cleaned decision, or every problem with the input as one line each.
 *
 * @example
 * buildDecision({ gateId: 's/g3-approval', action: 'approve', channel: 'cli', who: 'alice' })
 */
export function buildDecision(
  input: DecisionInput,
): { ok: true; decision: Decision } | { ok: false; problems: string[] } {
  const payload =
    input.payload === undefined ? undefined : DecisionPayloadSchema.safeParse(cleanPayload(input.payload));
  if (payload && !payload.success) return { ok: false, problems: describeIssues(payload.error) };
  const parsed = DecisionSchema.safeParse({
    gateId: input.gateId,
    action: input.action,
    ...(payload?.data && Object.keys(payload.data).length > 0 ? { payload: payload.data } : {}),
    channel: input.channel,
    who: cleanWho(input.who),
    at: (input.at ?? new Date()).toISOString(),
  });
  return parsed.success
    ? { ok: true, decision: parsed.data }
    : { ok: false, problems: describeIssues(parsed.error) };
}

/** Parses a stored record and cleans it again: a file edited by hand is held to the same rules. */
export function parseDecision(
  value: unknown,
): { ok: true; decision: Decision } | { ok: false; problems: string[] } {
  const parsed = DecisionSchema.safeParse(value);
  if (!parsed.success) return { ok: false, problems: describeIssues(parsed.error) };
  const { payload, ...rest } = parsed.data;
  return {
    ok: true,
    decision: { ...rest, who: cleanWho(rest.who), ...(payload ? { payload: cleanPayload(payload) } : {}) },
  };
}

export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`);
}

/** A valid, cleaned stop request. */
export function buildStopRequest(input: {
  readonly channel: DecisionChannel;
  readonly who: string;
  readonly reason?: string;
  readonly at?: Date;
}): StopRequest {
  return StopRequestSchema.parse({
    channel: input.channel,
    who: cleanWho(input.who),
    at: (input.at ?? new Date()).toISOString(),
    ...(input.reason === undefined ? {} : { reason: cleanStored(input.reason).slice(0, 2000) }),
  });
}
