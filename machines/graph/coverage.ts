/** Transition coverage of a set of paths: covered/total and every missed edge by name. */
import type { AnyMachineSnapshot, AnyStateMachine, AnyTransitionDefinition, EventObject } from 'xstate';
import { allEdges, type EdgeId } from './edges.js';

export interface PathLike {
  readonly steps: ReadonlyArray<{ readonly state: AnyMachineSnapshot; readonly event: EventObject }>;
}

export interface Coverage {
  readonly covered: number;
  readonly total: number;
  readonly missed: EdgeId[];
  readonly hit: ReadonlySet<EdgeId>;
}

export function coverageOf(machine: AnyStateMachine, paths: readonly PathLike[]): Coverage {
  const edges = allEdges(machine);
  const hit = new Set<AnyTransitionDefinition>();
  for (const path of paths) {
    for (let index = 1; index < path.steps.length; index++) {
      const previous = path.steps[index - 1];
      const step = path.steps[index];
      if (!previous || !step) continue;
      for (const transition of machine.getTransitionData(previous.state, step.event)) hit.add(transition);
    }
  }
  const missed = [...edges].filter(([transition]) => !hit.has(transition)).map(([, id]) => id);
  const hitIds = new Set(
    [...hit].map((transition) => edges.get(transition)).filter((id) => id !== undefined),
  );
  return { covered: hit.size, total: edges.size, missed, hit: hitIds };
}

/**
 * Coverage over several traversal classes, matched by edge id (each class builds its own machine).
 * The total is every edge of every class: an edge only one configuration builds still counts.
 */
export function unionCoverage(parts: readonly Coverage[]): Coverage {
  if (parts.length === 0) return { covered: 0, total: 0, missed: [], hit: new Set() };
  const hit = new Set(parts.flatMap((part) => [...part.hit]));
  const all = new Set(parts.flatMap((part) => [...part.hit, ...part.missed]));
  const missed = [...all].filter((id) => !hit.has(id));
  return { covered: all.size - missed.length, total: all.size, missed, hit };
}
