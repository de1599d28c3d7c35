/** Crosses the plan-approval gate: restore with an idle provider, send `approve`, persist. */
import { createActor } from 'xstate';
import { PHASE_REGISTRY } from '../../../machines/phases.js';
import { renderState, stateOfValue } from '../../../machines/sub-states.js';
import { buildWorkflow, type WorkflowSettings } from '../../../machines/workflow.js';
import { SamocodeError } from '../../errors.js';
import type { SessionPlace } from '../../providers/types.js';
import { iterationsRun } from '../../runner/iteration-count.js';
import { writeOverview } from '../../runner/overview-writer.js';
import { toRestorableSnapshot } from '../../runner/restorable-snapshot.js';
import { openStateStore } from '../../runner/state-store.js';
import type { SessionPaths } from '../../session/paths.js';

export interface ApproveResult {
  readonly from: string;
  readonly to: string;
  /** The phase the approval moved the session to. */
  readonly phase: string;
}

export function approveSession(
  paths: SessionPaths,
  place: SessionPlace,
  settings: WorkflowSettings,
  warn: (message: string) => void,
  options: { readonly now?: () => Date; readonly runAgain?: string } = {},
): ApproveResult {
  const now = options.now ?? (() => new Date());
  const store = openStateStore(paths.state);
  const restored = store.initial?.snapshot;
  const notWaiting = (where: string) =>
    new SamocodeError(
      'session.not-awaiting-approval',
      `session ${place.sessionName} is ${where}, not waiting for plan approval; nothing to approve (see samocode status)`,
    );
  if (!restored) throw notWaiting('not started');
  // The default provider of the machine is idle, so nothing runs here.
  const machine = buildWorkflow(PHASE_REGISTRY, settings);
  const actor = createActor(machine, {
    snapshot: toRestorableSnapshot(machine, restored, paths.state),
  }).start();
  const current = stateOfValue(actor.getSnapshot().value);
  if (!actor.getSnapshot().can({ type: 'approve' })) {
    actor.stop();
    throw notWaiting(`in ${renderState(current)}`);
  }
  actor.send({ type: 'approve' });
  const snapshot = actor.getSnapshot();
  const after = stateOfValue(snapshot.value);
  store.save(actor.getPersistedSnapshot());
  actor.stop();
  writeOverview(
    paths,
    place,
    { state: after, context: snapshot.context },
    now,
    {
      iteration: iterationsRun(after, snapshot.context).total,
      from: renderState(current),
      to: renderState(after),
      event: 'approve',
    },
    warn,
    options.runAgain === undefined
      ? undefined
      : { lastAction: 'samocode: the plan was approved', next: `continue with: ${options.runAgain}` },
  );
  return { from: renderState(current), to: renderState(after), phase: after.phase };
}
