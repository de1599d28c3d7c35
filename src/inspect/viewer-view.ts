/**
 * Builds the `view` the local inspector page renders, from a sanitized inspector message: the
 * state's name, why it stands still, the event's time and fields. Pure; the page formats nothing.
 */
import * as z from 'zod';
import { PHASES } from '../../machines/phases.js';
import { COMPLETED, renderStateValue, SUB_STATES, toStateOf } from '../../machines/sub-states.js';
import type { ViewerEvent, ViewerMachine, ViewerPart, ViewerState } from './viewer-wire.js';

type Json = Record<string, unknown>;

/** The sanitized context fields a view reads (see `sanitizeContext`). */
const ViewedContextSchema = z.looseObject({
  totalIterations: z.number().optional(),
  attempt: z.number().optional(),
  iterations: z.record(z.string(), z.number()).optional(),
  blocked: z.looseObject({ reason: z.string().optional() }).optional(),
  waiting: z.looseObject({ for: z.string().optional(), summary: z.string().optional() }).optional(),
  failure: z.looseObject({ outcome: z.string().optional(), message: z.string().optional() }).optional(),
  suspension: z.looseObject({ resetsAt: z.string().optional(), waitMs: z.number().optional() }).optional(),
});
type ViewedContext = z.infer<typeof ViewedContextSchema>;

const DefinitionSchema = z.looseObject({
  states: z
    .record(z.string(), z.looseObject({ states: z.record(z.string(), z.unknown()).optional() }))
    .optional(),
});

/** The event fields shown in the page's event log, in this order. */
const SHOWN_EVENT_FIELDS = [
  'target',
  'for',
  'needs',
  'outcome',
  'kind',
  'reason',
  'problem',
  'message',
  'summary',
];

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function noteOf(context: ViewedContext): string {
  const { blocked, waiting, failure, suspension } = context;
  if (blocked) return `blocked: ${blocked.reason ?? ''}`;
  if (waiting) return `waiting for ${waiting.for ?? ''}${waiting.summary ? `: ${waiting.summary}` : ''}`;
  if (failure) return `failure (${failure.outcome ?? ''}): ${failure.message ?? ''}`;
  if (suspension)
    return `usage limit, resumes ${suspension.resetsAt || `in ${Math.round((suspension.waitMs ?? 0) / 1000)} s`}`;
  return '';
}

export function buildViewerState(snapshot: unknown): ViewerState | undefined {
  if (!isRecord(snapshot) || !('value' in snapshot)) return undefined;
  const parsed = ViewedContextSchema.safeParse(snapshot.context ?? {});
  const context = parsed.success ? parsed.data : {};
  const state = toStateOf(snapshot.value);
  return {
    text: renderStateValue(snapshot.value),
    phase: state?.phase ?? '',
    sub: state?.sub ?? '',
    totalIterations: context.totalIterations ?? 0,
    attempt: context.attempt === undefined ? '–' : String(context.attempt),
    iterations: context.iterations ?? {},
    note: noteOf(context),
  };
}

/** The phases and, from the machine's definition, each one's sub-states in the machine's order. */
export function buildViewerMachine(name: string, definition: string | undefined): ViewerMachine {
  let states: Record<string, { states?: Record<string, unknown> | undefined }> = {};
  try {
    const parsed = DefinitionSchema.safeParse(JSON.parse(definition ?? '{}'));
    if (parsed.success) states = parsed.data.states ?? {};
  } catch {
    // No readable definition: the phases are shown without sub-states.
  }
  const phases = PHASES.map((phase) => {
    const own = Object.keys(states[phase]?.states ?? {});
    const known = SUB_STATES.filter((sub) => own.includes(sub));
    return { phase, subStates: [...known, ...own.filter((sub) => !known.some((each) => each === sub))] };
  });
  return { name, phases, final: COMPLETED };
}

export function buildViewerEvent(event: unknown, createdAt: unknown): ViewerEvent {
  const fields = isRecord(event) ? event : {};
  const time = new Date(Number(createdAt));
  return {
    time: Number.isNaN(time.getTime()) ? '' : time.toISOString().slice(11, 23),
    type: typeof fields.type === 'string' ? fields.type : 'unknown',
    details: SHOWN_EVENT_FIELDS.filter((key) => fields[key] !== undefined)
      .map((key) => `${key}: ${String(fields[key])}`)
      .join(' · '),
  };
}

/** The `view` of one sanitized wire message (`toWireMessage`). */
export function buildViewerPart(wire: Json): ViewerPart {
  const part: ViewerPart = {};
  if (wire.type === '@xstate.actor') {
    const name = typeof wire.name === 'string' ? wire.name : String(wire.sessionId);
    part.machine = buildViewerMachine(
      name,
      typeof wire.definition === 'string' ? wire.definition : undefined,
    );
  }
  const state = buildViewerState(wire.snapshot);
  if (state && (wire.type === '@xstate.actor' || wire.type === '@xstate.snapshot')) part.state = state;
  if (wire.type === '@xstate.event') part.event = buildViewerEvent(wire.event, wire.createdAt);
  return part;
}
