/** Crosses the plan-approval gate: restore with an idle provider, send `approve`, persist. */
import { createActor } from 'xstate';
import { PHASE_REGISTRY } from '../../machines/phases.js';
import { renderState, stateOfValue } from '../../machines/sub-states.js';
import { buildWorkflow, type WorkflowSettings } from '../../machines/workflow.js';
import { SamocodeError } from '../errors.js';
import type { SessionPlace } from '../providers/types.js';
import type { SessionPaths } from '../session/paths.js';
import { writeOverview } from './overview-writer.js';
import { toRestorableSnapshot } from './restorable-snapshot.js';
import { openStateStore } from './state-store.js';

export interface ApproveResult {
  readonly from: string;
  readonly to: string;
}

export function approveSession(
  paths: SessionPaths,
  place: SessionPlace,
  settings: WorkflowSettings,
  warn: (message: string) => void,
  now: () => Date = () => new Date(),
): ApproveResult {
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
      iteration: snapshot.context.totalIterations,
      from: renderState(current),
      to: renderState(after),
      event: 'approve',
    },
    warn,
  );
  return { from: renderState(current), to: renderState(after) };
}
