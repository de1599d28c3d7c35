/**
 * The machine as the dashboard draws it: the phases with their sub-states (for highlighting the
 * current one) and a phase-level Mermaid diagram, both derived from the machine itself. Pure.
 */
import type { AnyStateMachine } from 'xstate';
import { diagramEdges } from '../../machines/graph/diagram.js';

export interface MachineView {
  /** Top-level states in machine order (the phases, then `completed`) with their sub-states. */
  readonly phases: readonly { readonly phase: string; readonly subStates: readonly string[] }[];
  /** `stateDiagram-v2` with one node per top-level state and one arrow per pair of states an edge joins. */
  readonly mermaid: string;
}

export function buildMachineView(machine: AnyStateMachine): MachineView {
  const phases = Object.values(machine.root.states).map((node) => ({
    phase: node.key,
    subStates: Object.keys(node.states),
  }));
  const topOf = (id: string): string => id.split('.')[1] ?? id;
  const arrows = new Set<string>();
  for (const edge of diagramEdges(machine)) {
    const from = topOf(edge.source);
    const to = topOf(edge.target);
    if (from !== to) arrows.add(`  ${from} --> ${to}`);
  }
  const initial = machine.root.initial?.target?.[0]?.key;
  const finals = Object.values(machine.root.states).filter((node) => node.type === 'final');
  const mermaid = [
    'stateDiagram-v2',
    '  direction LR',
    ...phases.map(({ phase }) => `  state "${phase}" as ${phase}`),
    ...(initial ? [`  [*] --> ${initial}`] : []),
    ...arrows,
    ...finals.map((node) => `  ${node.key} --> [*]`),
  ].join('\n');
  return { phases, mermaid };
}
