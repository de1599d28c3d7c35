/**
 * The stop request: `<session>/_gates/stop.json`, honoured by the process that holds the session's
 * run lock, which removes it once the session is stopped. Created once, like a decision: a second
 * request is told that one is pending.
 */
import { rmSync } from 'node:fs';
import { createExclusive } from '../session/exclusive-create.js';
import { MAX_DECISION_BYTES, type StopRequest, StopRequestSchema } from './decision.js';
import { buildGatePaths } from './gate-id.js';
import { readSmallFile } from './read-small-file.js';

export type StopRead =
  | { readonly kind: 'none' }
  | { readonly kind: 'requested'; readonly request: StopRequest }
  | { readonly kind: 'invalid'; readonly reason: string };

export type StopOutcome =
  | { readonly kind: 'requested'; readonly request: StopRequest }
  | { readonly kind: 'already-requested'; readonly request: StopRequest }
  | { readonly kind: 'refused'; readonly reason: string };

export function readStopRequest(sessionDir: string): StopRead {
  const path = buildGatePaths(sessionDir).stop;
  const read = readSmallFile(path, MAX_DECISION_BYTES);
  if (read.kind === 'missing') return { kind: 'none' };
  if (read.kind === 'refused') return { kind: 'invalid', reason: read.reason };
  let value: unknown;
  try {
    value = JSON.parse(read.text);
  } catch {
    return { kind: 'invalid', reason: `${path} is not JSON` };
  }
  const parsed = StopRequestSchema.safeParse(value);
  return parsed.success
    ? { kind: 'requested', request: parsed.data }
    : { kind: 'invalid', reason: `${path}: ${parsed.error.issues.map((issue) => issue.message).join('; ')}` };
}

/** Asks the session's holder to stop; `request` comes from `StopRequestSchema.parse` or is built whole. */
export function writeStopRequest(sessionDir: string, request: StopRequest): StopOutcome {
  const checked = StopRequestSchema.safeParse(request);
  if (!checked.success) return { kind: 'refused', reason: 'the stop request is not valid' };
  const created = createExclusive(buildGatePaths(sessionDir).stop, `${JSON.stringify(checked.data)}\n`);
  if (created.kind === 'created') return { kind: 'requested', request: checked.data };
  if (created.kind === 'failed') return { kind: 'refused', reason: created.reason };
  const read = readStopRequest(sessionDir);
  // A pending request that cannot be read still stops the session: the holder honours the file.
  return read.kind === 'requested'
    ? { kind: 'already-requested', request: read.request }
    : { kind: 'already-requested', request: checked.data };
}

/** The holder removes the request once it has stopped (or at start, before it waits again). */
export function removeStopRequest(sessionDir: string): void {
  rmSync(buildGatePaths(sessionDir).stop, { force: true });
}
