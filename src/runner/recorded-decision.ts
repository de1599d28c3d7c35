/**
 * The decision recorded for the gate a session is at, taken by the holder of its run lock (a run
 * that restores it, `run --wait` once the gate is decided, a decision command that holds the
 * lock): a record that is stale or does not fit the gate is set aside with a warning, so the gate
 * can be decided again; a fitting one becomes the human event that applies it, its answers
 * written into `_qa.md` first.
 */
import type { HumanEvent } from '../../machines/events.js';
import type { Decision } from '../gates/decision.js';
import { renderDecision } from '../gates/decision-text.js';
import { readGateDecision, setDecisionAside } from '../gates/gate-decision.js';
import type { OpenGate } from '../gates/open-gate.js';
import type { SessionPaths } from '../session/paths.js';
import { toDecisionEvent } from './decision-event.js';
import { writeQaAnswers } from './qa-answers.js';

export type TakenDecision =
  | { readonly kind: 'none' }
  | { readonly kind: 'taken'; readonly decision: Decision; readonly event: HumanEvent };

/** Sets a record aside and says why; a record that cannot be moved is only reported. */
function putAside(paths: SessionPaths, gate: OpenGate, why: string, warn: (message: string) => void): void {
  try {
    const aside = setDecisionAside(paths.dir, gate.id);
    warn(`set aside the decision recorded for gate ${gate.id} (${why}); it is kept as ${aside}`);
  } catch (error) {
    warn(
      `the decision recorded for gate ${gate.id} cannot be used (${why}) nor moved aside: ${String(error)}`,
    );
  }
}

export function takeRecordedDecision(
  paths: SessionPaths,
  gate: OpenGate,
  warn: (message: string) => void,
): TakenDecision {
  const read = readGateDecision(paths.dir, gate);
  if (read.kind === 'none') return read;
  if (read.kind === 'invalid') {
    putAside(paths, gate, read.reason, warn);
    return { kind: 'none' };
  }
  if (read.kind === 'stale') {
    putAside(
      paths,
      gate,
      `${renderDecision(read.decision)}, before the gate opened at ${gate.openedAt ?? '?'}: it was for an earlier gate of the same number`,
      warn,
    );
    return { kind: 'none' };
  }
  const made = toDecisionEvent(read.decision, gate.kind);
  if (!made.ok) {
    putAside(paths, gate, made.problem, warn);
    return { kind: 'none' };
  }
  writeQaAnswers(paths.qa, read.decision);
  return { kind: 'taken', decision: read.decision, event: made.event };
}
