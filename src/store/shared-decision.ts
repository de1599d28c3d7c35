/**
 * Gate decisions of a session in a shared store. The store's record is the one that counts, first
 * writer wins across every machine (`recordDecision` on a gate id). A decision given from any
 * machine is recorded there and the session queued again; whoever runs it next copies the record
 * into its working copy, where the run takes it at start as it takes any recorded decision.
 */
import type { Decision } from '../gates/decision.js';
import { parseDecision } from '../gates/decision.js';
import { recordDecision } from '../gates/decision-record.js';
import { buildOpenGate, type OpenGate } from '../gates/open-gate.js';
import { buildSessionPaths } from '../session/paths.js';
import { readSessionState } from '../session/snapshot-store.js';
import { toJsonObject } from './json.js';
import type { SessionStore } from './session-store.js';

/** The gate a working copy is at, from its `_state.json`. */
export function readOpenGateOf(dir: string): OpenGate | undefined {
  return buildOpenGate(dir, readSessionState(buildSessionPaths(dir).state)?.snapshot);
}

export type SharedRecordOutcome =
  | { readonly kind: 'recorded'; readonly decision: Decision }
  | { readonly kind: 'already-decided'; readonly decision: Decision }
  | { readonly kind: 'refused'; readonly reason: string };

/** Records `decision` in the store for its gate: the first writer's record is the decision. */
export async function recordSharedDecision(
  store: SessionStore,
  decision: Decision,
): Promise<SharedRecordOutcome> {
  const result = await store.recordDecision(decision.gateId, toJsonObject(decision));
  const parsed = parseDecision(result.decision);
  if (!parsed.ok)
    return {
      kind: 'refused',
      reason: `the store holds a decision for ${decision.gateId} that is not valid (${parsed.problems.join('; ')})`,
    };
  return { kind: result.isFirst ? 'recorded' : 'already-decided', decision: parsed.decision };
}

/**
 * Copies the store's decision for the gate the working copy `dir` is at into the folder, so the
 * run takes it at start; says what it copied. Nothing happens when no gate is open or undecided.
 */
export async function copyStoredDecision(
  store: SessionStore,
  dir: string,
  warn: (message: string) => void,
): Promise<Decision | undefined> {
  const gate = readOpenGateOf(dir);
  if (gate === undefined) return undefined;
  const stored = await store.readDecision(gate.id);
  if (stored === undefined) return undefined;
  const parsed = parseDecision(stored.decision);
  if (!parsed.ok) {
    warn(
      `the store's decision for gate ${gate.id} is not valid (${parsed.problems.join('; ')}); decide again`,
    );
    return undefined;
  }
  const written = recordDecision(dir, parsed.decision, gate.id);
  if (written.kind === 'refused') {
    warn(`the store's decision for gate ${gate.id} cannot be written here: ${written.reason}`);
    return undefined;
  }
  return parsed.decision;
}
