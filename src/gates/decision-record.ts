/**
 * Decision records, first writer wins: `<session>/_gates/g<seq>-<kind>.json` is created once. A
 * later writer (a duplicate update, a second channel, a late click) gets the winner's record back
 * and changes nothing; a decision for a gate that is not the open one is refused as closed.
 */

import { createExclusive } from '../session/exclusive-create.js';
import { type Decision, MAX_DECISION_BYTES, parseDecision } from './decision.js';
import { buildGatePaths, isGateOfSession } from './gate-id.js';
import { readSmallFile } from './read-small-file.js';

export type DecisionRead =
  | { readonly kind: 'none' }
  | { readonly kind: 'decided'; readonly decision: Decision }
  | { readonly kind: 'invalid'; readonly reason: string };

export type RecordOutcome =
  /** This writer won: its record is the decision. */
  | { readonly kind: 'recorded'; readonly decision: Decision }
  /** Somebody decided first: theirs is the decision. */
  | { readonly kind: 'already-decided'; readonly decision: Decision }
  /** Not the open gate (an old button, a gate already passed); `decision` if one was recorded. */
  | { readonly kind: 'closed'; readonly gateId: string; readonly decision?: Decision }
  | { readonly kind: 'refused'; readonly reason: string };

/** Reads a gate's decision record; a record that is not a small valid regular file is `invalid`. */
export function readDecision(sessionDir: string, gateId: string): DecisionRead {
  if (!isGateOfSession(gateId, sessionDir))
    return { kind: 'invalid', reason: `${gateId} is not a gate of the session ${sessionDir}` };
  const path = buildGatePaths(sessionDir).decision(gateId);
  const read = readSmallFile(path, MAX_DECISION_BYTES);
  if (read.kind === 'missing') return { kind: 'none' };
  if (read.kind === 'refused') return { kind: 'invalid', reason: read.reason };
  let value: unknown;
  try {
    value = JSON.parse(read.text);
  } catch {
    return { kind: 'invalid', reason: `${path} is not JSON; remove it and decide again` };
  }
  const parsed = parseDecision(value);
  if (!parsed.ok) return { kind: 'invalid', reason: `${path}: ${parsed.problems.join('; ')}` };
  if (parsed.decision.gateId !== gateId)
    return { kind: 'invalid', reason: `${path} records gate ${parsed.decision.gateId}, not ${gateId}` };
  return { kind: 'decided', decision: parsed.decision };
}

function existing(sessionDir: string, gateId: string): Decision | undefined {
  const read = readDecision(sessionDir, gateId);
  return read.kind === 'decided' ? read.decision : undefined;
}

/**
 * Records `decision` if its gate is `openGateId` and nobody decided it yet.
 * `openGateId` is the session's open gate as its owner knows it (undefined: none is open).
 */
export function recordDecision(
  sessionDir: string,
  decision: Decision,
  openGateId: string | undefined,
): RecordOutcome {
  if (decision.action === 'stop')
    return { kind: 'refused', reason: 'stop is a request, not a gate decision' };
  if (!isGateOfSession(decision.gateId, sessionDir))
    return { kind: 'refused', reason: `${decision.gateId} is not a gate of the session ${sessionDir}` };
  if (decision.gateId !== openGateId) {
    const winner = existing(sessionDir, decision.gateId);
    return { kind: 'closed', gateId: decision.gateId, ...(winner ? { decision: winner } : {}) };
  }
  const path = buildGatePaths(sessionDir).decision(decision.gateId);
  const created = createExclusive(path, `${JSON.stringify(decision)}\n`);
  if (created.kind === 'created') return { kind: 'recorded', decision };
  if (created.kind === 'failed') return { kind: 'refused', reason: created.reason };
  const read = readDecision(sessionDir, decision.gateId);
  if (read.kind === 'decided') return { kind: 'already-decided', decision: read.decision };
  return {
    kind: 'refused',
    reason: read.kind === 'invalid' ? read.reason : `${path} vanished while read; decide again`,
  };
}
