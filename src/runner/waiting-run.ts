/**
 * The run command's loop: run the session; with `--wait`, at a human gate wait for its decision
 * and run on with the event that applies it, in the same process (which keeps the run lock), until
 * the session ends somewhere no decision moves it. A stop request (`samocode stop`) ends the run
 * at work or at a gate like Ctrl-C: the state is saved and the session stays resumable.
 */
import type { HumanEvent } from '../../machines/events.js';
import { EXIT } from '../exit-codes.js';
import type { StopRequest } from '../gates/decision.js';
import { renderStopRequest } from '../gates/decision-text.js';
import { waitForStop } from '../gates/gate-watcher.js';
import { buildOpenGate } from '../gates/open-gate.js';
import { removeStopRequest } from '../gates/stop-request.js';
import { readSessionState } from '../session/snapshot-store.js';
import type { RunResult } from './end-report.js';
import { type GateWaitInput, waitAtGate } from './gate-wait.js';
import { takeRecordedDecision } from './recorded-decision.js';

export interface WaitingRunInput {
  /** `--wait`: stay alive at a gate; without it the first stop ends the run. */
  readonly isWaiting: boolean;
  /** One run of the session loop: restore, send `event` (default `resume`), run until it stops. */
  readonly runOnce: (event: HumanEvent | undefined, signal: AbortSignal) => Promise<RunResult>;
  /** Where the gate is read and how its wait speaks; `signal` is the run's (Ctrl-C). */
  readonly gate: GateWaitInput;
}

/** Runs once, ended early by a stop request; `stopped` says who asked. */
async function runStoppable(
  input: WaitingRunInput,
  event: HumanEvent | undefined,
): Promise<{ result: RunResult; stopped?: StopRequest }> {
  const turn = new AbortController();
  const watchEnd = new AbortController();
  const onAbort = () => turn.abort();
  input.gate.signal.addEventListener('abort', onAbort, { once: true });
  if (input.gate.signal.aborted) turn.abort();
  let stopped: StopRequest | undefined;
  void waitForStop({ sessionDir: input.gate.paths.dir, signal: watchEnd.signal }).then((wait) => {
    if (wait.kind !== 'stop') return;
    stopped = wait.request;
    turn.abort();
  });
  try {
    const result = await input.runOnce(event, turn.signal);
    return stopped ? { result, stopped } : { result };
  } finally {
    watchEnd.abort();
    input.gate.signal.removeEventListener('abort', onAbort);
  }
}

function endByRequest(input: WaitingRunInput, result: RunResult, request: StopRequest): RunResult {
  removeStopRequest(input.gate.paths.dir);
  const message = `stopped by request (${renderStopRequest(request)}); the session is resumable`;
  input.gate.say(message);
  return { ...result, exitCode: EXIT.interrupted, message };
}

/** A decision recorded while no run held the session (its channel gave up waiting) is applied now. */
function takeAtStart(gate: GateWaitInput): HumanEvent | undefined {
  const open = buildOpenGate(gate.paths.dir, readSessionState(gate.paths.state)?.snapshot);
  if (open === undefined) return undefined;
  const taken = takeRecordedDecision(gate.paths, open, gate.warn);
  return taken.kind === 'taken' ? taken.event : undefined;
}

export async function runWaiting(input: WaitingRunInput): Promise<RunResult> {
  // A request left by an earlier run's stop is not for this one.
  removeStopRequest(input.gate.paths.dir);
  let event = takeAtStart(input.gate);
  for (;;) {
    const { result, stopped } = await runStoppable(input, event);
    if (stopped) return endByRequest(input, result, stopped);
    const isAtGate = result.exitCode === EXIT.waiting || result.exitCode === EXIT.blocked;
    if (!input.isWaiting || !isAtGate) return result;
    const waited = await waitAtGate(input.gate);
    switch (waited.kind) {
      case 'decided':
        event = waited.event;
        break;
      case 'stop':
        return endByRequest(input, result, waited.request);
      case 'aborted':
        return {
          ...result,
          exitCode: EXIT.interrupted,
          message: 'interrupted at the gate; the session is resumable',
        };
      case 'no-gate':
        return result;
    }
  }
}
