/**
 * `run --wait` at a human gate: says once how to decide it (the view's commands, shell-quoted),
 * then waits without using CPU (`waitForGate`) until a channel records a decision, a stop is
 * requested, or the run is interrupted. A decision recorded before the wait began (a channel that
 * decided while the run was still writing the gate) is taken at once.
 */
import type { HumanEvent } from '../../machines/events.js';
import type { Decision, StopRequest } from '../gates/decision.js';
import { renderDecision } from '../gates/decision-text.js';
import { waitForGate } from '../gates/gate-watcher.js';
import { buildOpenGate, type OpenGate } from '../gates/open-gate.js';
import type { SessionPaths } from '../session/paths.js';
import { readSessionState } from '../session/snapshot-store.js';
import { buildSessionView } from '../view/session-view.js';
import type { ViewPlace, ViewSettings } from '../view/view-input.js';
import { takeRecordedDecision } from './recorded-decision.js';

export type GateWaitEnd =
  /** Decided: the event that applies the decision (its history row names it). */
  | { readonly kind: 'decided'; readonly decision: Decision; readonly event: HumanEvent }
  | { readonly kind: 'stop'; readonly request: StopRequest }
  | { readonly kind: 'aborted' }
  /** The session is at no gate (nothing to wait for). */
  | { readonly kind: 'no-gate' };

export interface GateWaitInput {
  readonly paths: SessionPaths;
  readonly place: ViewPlace;
  readonly viewSettings: ViewSettings;
  readonly signal: AbortSignal;
  readonly say: (message: string) => void;
  readonly warn: (message: string) => void;
  /** The fallback poll of the watcher (default 500 ms). */
  readonly pollMs?: number;
  /** Another channel told of the gate once the wait begins (Telegram); settled when the wait ends. */
  readonly announce?: GateAnnouncer;
}

/** What a channel asks of a wait: the gate and what it asks, and how the wait ended. */
export type GateAnnouncer = (gate: OpenGate, asks: string) => Promise<GateAnnouncement>;

export interface GateAnnouncement {
  /** The wait ended: by a decision or a stop (`ending`), or otherwise (Ctrl-C, no gate). Never throws. */
  settle(ending?: { readonly decision: Decision } | { readonly stop: StopRequest }): Promise<void>;
}

function readGateView(input: GateWaitInput) {
  const snapshot = readSessionState(input.paths.state)?.snapshot;
  const view = buildSessionView({
    place: input.place,
    settings: input.viewSettings,
    ...(snapshot ? { snapshot } : {}),
    rows: [],
    isLive: true,
    now: Date.now(),
  });
  return view.gate;
}

/** `waiting at gate s/g2-approval: approve or reject the plan (…)` and one line per command. */
export function sayHowToDecide(input: GateWaitInput): string | undefined {
  const gate = readGateView(input);
  if (gate === undefined) return undefined;
  const lines = gate.commands.map((command) => `  ${command.label}: ${command.command}`);
  return [
    `waiting at gate ${gate.id}: ${gate.asks}; this run goes on as soon as it is decided (Ctrl-C leaves it resumable). From another shell:`,
    ...lines,
  ].join('\n');
}

export async function waitAtGate(input: GateWaitInput): Promise<GateWaitEnd> {
  let announced: GateAnnouncement | undefined;
  const end = await waitUntilDecided(input, async (gate) => {
    if (input.announce) announced = await input.announce(gate, readGateView(input)?.asks ?? gate.kind);
  });
  await announced?.settle(
    end.kind === 'decided'
      ? { decision: end.decision }
      : end.kind === 'stop'
        ? { stop: end.request }
        : undefined,
  );
  return end;
}

async function waitUntilDecided(
  input: GateWaitInput,
  onWaiting: (gate: OpenGate) => Promise<void>,
): Promise<GateWaitEnd> {
  let hasSaid = false;
  for (;;) {
    const gate = buildOpenGate(input.paths.dir, readSessionState(input.paths.state)?.snapshot);
    if (gate === undefined) return { kind: 'no-gate' };
    const taken = takeRecordedDecision(input.paths, gate, input.warn);
    if (taken.kind === 'taken') {
      input.say(`gate ${gate.id} ${renderDecision(taken.decision)}: going on`);
      return { kind: 'decided', decision: taken.decision, event: taken.event };
    }
    if (!hasSaid) {
      const text = sayHowToDecide(input);
      if (text !== undefined) input.say(text);
      hasSaid = true;
      await onWaiting(gate);
    }
    const waited = await waitForGate({
      sessionDir: input.paths.dir,
      gateId: gate.id,
      signal: input.signal,
      onProblem: input.warn,
      ...(input.pollMs === undefined ? {} : { pollMs: input.pollMs }),
    });
    // A decision is taken (or set aside as not fitting) on the next turn.
    if (waited.kind !== 'decided') return waited;
  }
}
