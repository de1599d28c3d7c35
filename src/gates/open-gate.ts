/**
 * The gate a session is at, read from its saved snapshot: its id (`<folder>/g<seq>-<kind>`), kind,
 * number and when it opened. The number and the time are the machine's (`context.gate`); the kind
 * is what the state means (`gateKindOf`). Pure.
 *
 * @example
 * buildOpenGate('/s/26-12-07-login', { value: { planning: 'awaitingApproval' }, context: { gate: { seq: 3 } } })
 * // { id: '26-12-07-login/g3-approval', kind: 'approval', seq: 3 }
 */
import { readSavedContext } from '../../machines/context.js';
import { type GateKind, gateKindOf } from '../../machines/state-meaning.js';
import { toStateOf } from '../../machines/sub-states.js';
import { buildGateId } from './gate-id.js';

export interface OpenGate {
  readonly id: string;
  readonly kind: GateKind;
  readonly seq: number;
  /** When the gate opened (ISO); absent for a session parked by a samocode that did not count gates. */
  readonly openedAt?: string;
}

/** The open gate, or undefined when the session is not at one (or has no snapshot yet). */
export function buildOpenGate(
  sessionDir: string,
  snapshot: { readonly value: unknown; readonly context: unknown } | undefined,
): OpenGate | undefined {
  const state = snapshot === undefined ? undefined : toStateOf(snapshot.value);
  if (state === undefined) return undefined;
  const context = readSavedContext(snapshot?.context);
  const kind = gateKindOf(state, context.blocked);
  if (kind === undefined) return undefined;
  // A session parked before gates were counted is at its first counted gate.
  const seq = context.gate?.seq ?? 1;
  const openedAt = context.gate?.openedAt;
  return {
    id: buildGateId(sessionDir, seq, kind),
    kind,
    seq,
    ...(openedAt === undefined ? {} : { openedAt: new Date(openedAt).toISOString() }),
  };
}
