/** Checks a persisted snapshot against the machine before xstate restores it (xstate throws asynchronously otherwise). */
import type { AnyStateMachine, Snapshot } from 'xstate';
import { renderStateValue, toStateOf } from '../../machines/sub-states.js';
import { initialContext } from '../../machines/workflow.js';
import { SamocodeError } from '../errors.js';
import type { PersistedSnapshot } from '../session/snapshot-store.js';

export function toRestorableSnapshot(
  machine: AnyStateMachine,
  persisted: PersistedSnapshot,
  statePath: string,
): Snapshot<unknown> {
  const state = toStateOf(persisted.value);
  // Own keys only: `constructor` or `toString` must not find Object.prototype's.
  const node =
    state && Object.hasOwn(machine.root.states, state.phase) ? machine.root.states[state.phase] : undefined;
  const isKnown =
    state !== undefined &&
    node !== undefined &&
    (state.sub === undefined ? Object.keys(node.states).length === 0 : Object.hasOwn(node.states, state.sub));
  if (!isKnown || persisted.status === 'error' || persisted.status === 'stopped') {
    throw new SamocodeError(
      'session.state',
      `${statePath} holds a state this samocode does not know (${renderStateValue(persisted.value)}, status ${persisted.status}); move it aside (mv ${statePath} ${statePath}.bad) to start the session over from init`,
    );
  }
  // Fields a newer samocode added to the context (the spend book, grants) start at their initial value.
  const context = { ...initialContext(), ...persisted.context };
  // Parsed by SessionStateSchema and checked above; xstate restores the rest.
  return { ...persisted, context } as unknown as Snapshot<unknown>;
}
