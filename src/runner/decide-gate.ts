/**
 * A decision given from outside a run (the CLI from another shell, the dashboard): record it for
 * the gate it answers, first writer wins, then see it applied exactly once. When no process holds
 * the session, this one takes its run lock and applies it through the session loop (as `approve`
 * always did); when a run holds it (`run --wait` at the gate), that run applies it, and this one
 * waits to see the gate pass, taking over if the holder ends first.
 */
import { renderStateValue } from '../../machines/sub-states.js';
import { SamocodeError } from '../errors.js';
import type { Decision, DecisionAction, DecisionChannel, DecisionPayload } from '../gates/decision.js';
import { buildDecision } from '../gates/decision.js';
import { type RecordOutcome, readDecision, recordDecision } from '../gates/decision-record.js';
import { parseGateId } from '../gates/gate-id.js';
import { buildOpenGate, type OpenGate } from '../gates/open-gate.js';
import { readHistory } from '../session/history.js';
import { acquireSessionLock, type LockHolder, readLockStatus, type SessionLock } from '../session/lock.js';
import { readSessionState } from '../session/snapshot-store.js';
import { buildSessionView } from '../view/session-view.js';
import { ACTIONS_OF_GATE } from './decision-event.js';
import type { DecisionPlace } from './decision-place.js';
import { takeRecordedDecision } from './recorded-decision.js';
import { sendHumanEvent } from './send-human-event.js';
import type { LoopState } from './session-loop.js';

export interface DecideRequest {
  readonly action: Exclude<DecisionAction, 'stop'>;
  readonly payload?: DecisionPayload;
  /** The gate it answers (`<folder>/g<seq>-<kind>`); default: the gate the session is at now. */
  readonly gateId?: string;
  readonly channel: DecisionChannel;
  readonly who: string;
}

export type DecideOutcome =
  /** This process held the session and applied the decision: the session is at `after` now. */
  | { readonly kind: 'applied'; readonly decision: Decision; readonly after: LoopState }
  /** The run that holds the session (waiting at the gate) applied it. */
  | { readonly kind: 'handed-over'; readonly decision: Decision; readonly holder?: LockHolder }
  /** Recorded; the holder has not taken it yet (it applies it at the gate, as will the next run). */
  | { readonly kind: 'pending'; readonly decision: Decision; readonly holder?: LockHolder }
  /** Somebody decided this gate first; `applied` when this process applied their decision now. */
  | { readonly kind: 'already-decided'; readonly decision: Decision; readonly applied: boolean }
  | {
      readonly kind: 'closed';
      readonly gateId: string;
      readonly decision?: Decision;
      readonly open?: OpenGate;
    }
  /** The session is at no gate. */
  | { readonly kind: 'no-gate'; readonly state: string }
  | { readonly kind: 'refused'; readonly reason: string };

export interface DecideInput extends DecisionPlace {
  readonly request: DecideRequest;
  readonly now?: () => Date;
  /** How long to wait for the run that holds the session to take the decision (default 15 s). */
  readonly handOverMs?: number;
}

const POLL_MS = 100;

function readSnapshot(input: DecideInput) {
  return readSessionState(input.paths.state)?.snapshot;
}

function stateText(snapshot: { value: unknown } | undefined): string {
  return snapshot === undefined ? 'not started' : `in ${renderStateValue(snapshot.value)}`;
}

/** Checks the request against the gate it names; returns the decision to record, or why not. */
function buildRequested(
  input: DecideInput,
  gate: OpenGate | undefined,
  snapshot: { value: unknown; context: unknown } | undefined,
): { decision: Decision } | { outcome: DecideOutcome } {
  const { request } = input;
  const gateId = request.gateId ?? gate?.id;
  if (gateId === undefined) return { outcome: { kind: 'no-gate', state: stateText(snapshot) } };
  const kind = parseGateId(gateId)?.kind;
  if (kind === undefined)
    return { outcome: { kind: 'refused', reason: `${gateId} is not a gate id (<session>/g<seq>-<kind>)` } };
  if (!ACTIONS_OF_GATE[kind].includes(request.action))
    return {
      outcome: {
        kind: 'refused',
        reason: `${request.action} does not decide a gate of kind ${kind} (${gateId} takes ${ACTIONS_OF_GATE[kind].join(' or ')})`,
      },
    };
  const missing = missingGrant(input, request, gate, snapshot);
  if (missing !== undefined) return { outcome: { kind: 'refused', reason: missing } };
  const built = buildDecision({
    gateId,
    action: request.action,
    channel: request.channel,
    who: request.who,
    ...(request.payload ? { payload: request.payload } : {}),
    ...(input.now ? { at: input.now() } : {}),
  });
  return built.ok
    ? { decision: built.decision }
    : { outcome: { kind: 'refused', reason: built.problems.join('; ') } };
}

/** A spend cap blocks the session and the grant names no amount: the gate would only open again. */
function missingGrant(
  input: DecideInput,
  request: DecideRequest,
  gate: OpenGate | undefined,
  snapshot: { value: unknown; context: unknown } | undefined,
): string | undefined {
  if (request.action !== 'grant' || request.payload?.grant !== undefined || gate === undefined)
    return undefined;
  if ((request.gateId ?? gate.id) !== gate.id) return undefined;
  const view = buildSessionView({
    place: { folder: input.place.sessionName, dir: input.paths.dir, configPath: input.configPath },
    settings: input.viewSettings,
    ...(snapshot ? { snapshot } : {}),
    rows: [],
    isLive: false,
    now: Date.now(),
  });
  return view.cause?.kind === 'spend-budget'
    ? `a spend cap blocks the session, so a grant needs an amount: ${view.cause.grant} lets the next iteration start (${view.headline})`
    : undefined;
}

/** Holding the lock: the gate as it is now, its recorded decision (ours or the winner's) applied. */
function recordAndApply(input: DecideInput, decision: Decision): DecideOutcome {
  const gate = buildOpenGate(input.paths.dir, readSnapshot(input));
  // A record older than the gate (numbers started over) must not win: set aside before recording.
  if (gate) takeRecordedDecision(input.paths, gate, input.warn);
  const recorded = recordDecision(input.paths.dir, decision, gate?.id);
  if (recorded.kind === 'refused') return { kind: 'refused', reason: recorded.reason };
  if (recorded.kind === 'closed')
    return {
      kind: 'closed',
      gateId: decision.gateId,
      ...(recorded.decision ? { decision: recorded.decision } : {}),
      ...(gate ? { open: gate } : {}),
    };
  if (gate === undefined) return { kind: 'refused', reason: 'the gate closed while it was decided' };
  return apply(input, gate, recorded);
}

function apply(
  input: DecideInput,
  gate: OpenGate,
  recorded: Extract<RecordOutcome, { kind: 'recorded' | 'already-decided' }>,
): DecideOutcome {
  const taken = takeRecordedDecision(input.paths, gate, input.warn);
  if (taken.kind === 'none')
    return { kind: 'refused', reason: `the decision recorded for ${gate.id} does not fit it; decide again` };
  const result = sendHumanEvent({
    sessionDir: input.paths.dir,
    place: input.place,
    settings: input.settings,
    event: taken.event,
    providerName: input.providerName,
    model: input.model,
    warn: input.warn,
    ...(input.now ? { now: input.now } : {}),
    ending: (after) => input.ending(after, taken.decision),
  });
  if (!result.isSent)
    return { kind: 'refused', reason: `the session at ${gate.id} did not take ${taken.decision.action}` };
  return recorded.kind === 'recorded'
    ? { kind: 'applied', decision: recorded.decision, after: result.after }
    : { kind: 'already-decided', decision: recorded.decision, applied: true };
}

function tryLock(input: DecideInput, command: string): SessionLock | undefined {
  try {
    return acquireSessionLock(input.paths.lock, command);
  } catch (error) {
    if (error instanceof SamocodeError && error.code === 'session.locked') return undefined;
    throw error;
  }
}

const isRowOf =
  (decision: Decision) => (row: { readonly decision?: { gateId: string; at: string } } | undefined) =>
    row?.decision?.gateId === decision.gateId && row.decision.at === decision.at;

/**
 * The holder applied this decision: its row is in the history, or in `_state.json`, which records
 * the row before the history's append (a reader between the two sees the gate gone, no row yet).
 */
function isApplied(input: DecideInput, decision: Decision): boolean {
  return (
    isRowOf(decision)(readSessionState(input.paths.state)?.lastRow) ||
    readHistory(input.paths.history).rows.some(isRowOf(decision))
  );
}

/** The gate's record is still this decision: the holder took it and its row is on the way. */
function isStillRecorded(input: DecideInput, decision: Decision): boolean {
  const read = readDecision(input.paths.dir, decision.gateId);
  return read.kind === 'decided' && read.decision.at === decision.at && read.decision.who === decision.who;
}

/** Records for the run that holds the session, and waits to see it taken (or takes over). */
async function handOver(
  input: DecideInput,
  decision: Decision,
  gate: OpenGate | undefined,
): Promise<DecideOutcome> {
  const recorded = recordDecision(input.paths.dir, decision, gate?.id);
  if (recorded.kind === 'refused') return { kind: 'refused', reason: recorded.reason };
  if (recorded.kind === 'closed')
    return {
      kind: 'closed',
      gateId: decision.gateId,
      ...(recorded.decision ? { decision: recorded.decision } : {}),
      ...(gate ? { open: gate } : {}),
    };
  if (recorded.kind === 'already-decided')
    return { kind: 'already-decided', decision: recorded.decision, applied: false };
  const deadline = Date.now() + (input.handOverMs ?? 15_000);
  for (;;) {
    const lock = readLockStatus(input.paths.lock);
    const holder = lock.holder ? { holder: lock.holder } : {};
    const now = buildOpenGate(input.paths.dir, readSnapshot(input));
    if (now?.id !== decision.gateId) {
      if (isApplied(input, decision)) return { kind: 'handed-over', decision, ...holder };
      if (!isStillRecorded(input, decision) || Date.now() >= deadline)
        return { kind: 'closed', gateId: decision.gateId, ...(now ? { open: now } : {}) };
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      continue;
    }
    if (!lock.isLive) {
      const taken = tryLock(input, input.command);
      if (taken) {
        try {
          return apply(input, now, recorded);
        } finally {
          taken.release();
        }
      }
    }
    if (Date.now() >= deadline) return { kind: 'pending', decision, ...holder };
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export async function decideGate(input: DecideInput): Promise<DecideOutcome> {
  const snapshot = readSnapshot(input);
  const gate = buildOpenGate(input.paths.dir, snapshot);
  const requested = buildRequested(input, gate, snapshot);
  if ('outcome' in requested) return requested.outcome;
  const lock = tryLock(input, input.command);
  if (lock === undefined) return handOver(input, requested.decision, gate);
  try {
    return recordAndApply(input, requested.decision);
  } finally {
    lock.release();
  }
}
