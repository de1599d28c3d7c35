/**
 * An edge-aware state serializer: each (state, incoming transition) pair is its own vertex, so
 * shortest paths walk every transition, not just every state. Context is abstracted to what
 * the guards read, which keeps the traversal finite.
 */
import type { AnyMachineSnapshot, AnyStateMachine, EventObject } from 'xstate';
import { allEdges } from './edges.js';

export type ContextAbstraction = (snapshot: AnyMachineSnapshot) => unknown;

export function edgeAwareSerializer(machine: AnyStateMachine, abstractContext: ContextAbstraction) {
  const ids = allEdges(machine);
  return (snapshot: AnyMachineSnapshot, event?: EventObject, previous?: AnyMachineSnapshot): string => {
    const base = JSON.stringify({ v: snapshot.value, c: abstractContext(snapshot) });
    if (!event || !previous) return base;
    const taken = machine.getTransitionData(previous, event).map((transition) => ids.get(transition));
    return taken.length > 0 ? `${base} via ${taken.join('+')}` : base;
  };
}
