/**
 * The decision of the gate a session is at, as its holder reads it: a record older than the gate
 * (left from before `_state.json` was reset or restored from a backup, when gate numbers started
 * over) is stale and is set aside, so the gate can be decided again.
 */
import { renameSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Decision } from './decision.js';
import { readDecision } from './decision-record.js';
import { buildGatePaths } from './gate-id.js';
import type { OpenGate } from './open-gate.js';

export type GateDecisionRead =
  | { readonly kind: 'none' }
  | { readonly kind: 'decided'; readonly decision: Decision }
  /** Recorded before the gate opened: it was given for an earlier gate of the same number. */
  | { readonly kind: 'stale'; readonly decision: Decision }
  | { readonly kind: 'invalid'; readonly reason: string };

export function readGateDecision(sessionDir: string, gate: OpenGate): GateDecisionRead {
  const read = readDecision(sessionDir, gate.id);
  if (read.kind !== 'decided' || gate.openedAt === undefined) return read;
  return Date.parse(read.decision.at) < Date.parse(gate.openedAt)
    ? { kind: 'stale', decision: read.decision }
    : read;
}

/**
 * Renames a gate's record to a hidden `.g3-approval.json.<ms>.aside` beside it, kept for a person
 * to read; returns the new path. Only the holder of the session's run lock calls it.
 */
export function setDecisionAside(sessionDir: string, gateId: string, now = new Date()): string {
  const path = buildGatePaths(sessionDir).decision(gateId);
  const aside = join(dirname(path), `.${basename(path)}.${now.getTime()}.aside`);
  renameSync(path, aside);
  return aside;
}
