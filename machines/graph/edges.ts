/** The machine's transitions as a flat, labelled inventory: the unit of coverage. */
import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';

export type EdgeId = string;

export function allStateNodes(node: AnyStateNode): AnyStateNode[] {
  return [node, ...Object.values(node.states).flatMap((child) => allStateNodes(child))];
}

/** A readable label for a guard, including parametrized and combined guards. */
export function guardLabel(guard: unknown): string {
  if (guard === undefined) return '';
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    const fn = guard as { name?: string; guards?: unknown[] };
    if (Array.isArray(fn.guards)) return fn.guards.map(guardLabel).join(' && ');
    return fn.name || 'inline';
  }
  if (typeof guard === 'object' && guard !== null && 'type' in guard) {
    const typed = guard as { type: string; params?: Record<string, unknown> };
    const params = typed.params
      ? `(${Object.values(typed.params)
          .filter((v) => v !== undefined)
          .join(',')})`
      : '';
    return `${typed.type}${params}`;
  }
  return 'guard';
}

export function targetsOf(transition: AnyTransitionDefinition): string {
  return transition.target?.map((node) => node.id).join(',') ?? '(internal)';
}

export function eventLabel(eventType: string): string {
  const after = /^xstate\.after\.(.+)\.[^.]+$/.exec(eventType);
  return after ? `after ${after[1]}` : eventType;
}

/** Every transition definition of the machine with a stable id. */
export function allEdges(machine: AnyStateMachine): Map<AnyTransitionDefinition, EdgeId> {
  const edges = new Map<AnyTransitionDefinition, EdgeId>();
  for (const node of allStateNodes(machine.root)) {
    for (const [eventType, definitions] of node.transitions) {
      definitions.forEach((transition, index) => {
        const guard = guardLabel(transition.guard);
        edges.set(
          transition,
          `${node.id} --${eventLabel(eventType)}#${index}${guard ? ` [${guard}]` : ''}--> ${targetsOf(transition)}`,
        );
      });
    }
    (node.always ?? []).forEach((transition, index) => {
      edges.set(transition, `${node.id} --always#${index}--> ${targetsOf(transition)}`);
    });
  }
  return edges;
}
