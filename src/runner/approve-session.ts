/** Crosses the plan-approval gate: restore with an idle provider, send `approve`, persist. */
import { createActor } from 'xstate';
import { PHASE_REGISTRY } from '../../machines/phases.js';
import { renderState, toStateOf } from '../../machines/state-value.js';
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
  const current = restored ? toStateOf(restored.value) : undefined;
  if (!restored || current?.sub !== 'awaitingApproval') {
    throw new SamocodeError(
      'session.not-awaiting-approval',
      `session ${place.sessionName} is ${current ? `in ${renderState(current)}` : 'not started'}, not waiting for plan approval; nothing to approve (see samocode status)`,
    );
  }
  // The default provider of the machine is idle, so nothing runs here.
  const machine = buildWorkflow(PHASE_REGISTRY, settings);
  const actor = createActor(machine, {
    snapshot: toRestorableSnapshot(machine, restored, paths.state),
  }).start();
  actor.send({ type: 'approve' });
  const snapshot = actor.getSnapshot();
  const after = toStateOf(snapshot.value);
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
