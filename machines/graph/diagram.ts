/** The machine as Mermaid `stateDiagram-v2`, Graphviz DOT, or JSON. */
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { allEdges, allStateNodes, eventLabel, guardLabel } from './edges.js';

const mermaidId = (id: string): string => id.replace(/[^A-Za-z0-9_]/g, '_');

interface DiagramEdge {
  readonly source: string;
  readonly target: string;
  readonly event: string;
  readonly guard: string;
  readonly id: string;
}

export function diagramEdges(machine: AnyStateMachine): DiagramEdge[] {
  return [...allEdges(machine)].flatMap(([transition, id]) =>
    (transition.target ?? []).map((target) => ({
      source: transition.source.id,
      target: target.id,
      event: eventLabel(transition.eventType),
      guard: guardLabel(transition.guard),
      id,
    })),
  );
}

/** Mermaid; `mark` may decorate an edge label (e.g. to flag uncovered edges). */
export function toMermaid(machine: AnyStateMachine, mark: (edgeId: string) => string = () => ''): string {
  const lines = ['stateDiagram-v2'];
  const walk = (node: AnyStateNode, depth: number): void => {
    const pad = '  '.repeat(depth);
    for (const child of Object.values(node.states)) {
      if (Object.keys(child.states).length > 0) {
        lines.push(`${pad}state "${child.key}" as ${mermaidId(child.id)} {`);
        walk(child, depth + 1);
        lines.push(`${pad}}`);
      } else {
        lines.push(`${pad}state "${child.key}" as ${mermaidId(child.id)}`);
      }
      if (child.type === 'final') lines.push(`${pad}${mermaidId(child.id)} --> [*]`);
    }
    const initial = node.initial?.target?.[0];
    if (initial) lines.push(`${pad}[*] --> ${mermaidId(initial.id)}`);
  };
  walk(machine.root, 1);
  for (const edge of diagramEdges(machine)) {
    const guard = edge.guard ? ` [${edge.guard}]` : '';
    const label = `${edge.event}${guard}${mark(edge.id)}`.replace(/:/g, ' ');
    lines.push(`  ${mermaidId(edge.source)} --> ${mermaidId(edge.target)}: ${label}`);
  }
  return lines.join('\n');
}

export function toDot(machine: AnyStateMachine): string {
  const lines = [
    'digraph samocode {',
    '  compound=true;',
    '  rankdir=LR;',
    '  node [shape=box, style=rounded];',
  ];
  const walk = (node: AnyStateNode, depth: number): void => {
    const pad = '  '.repeat(depth);
    for (const child of Object.values(node.states)) {
      if (Object.keys(child.states).length > 0) {
        lines.push(`${pad}subgraph "cluster_${child.id}" {`, `${pad}  label="${child.key}";`);
        walk(child, depth + 1);
        lines.push(`${pad}}`);
      } else {
        lines.push(
          `${pad}"${child.id}" [label="${child.key}"${child.type === 'final' ? ', shape=doublecircle' : ''}];`,
        );
      }
    }
  };
  walk(machine.root, 1);
  const leafOf = (id: string): string => {
    const node = allStateNodes(machine.root).find((candidate) => candidate.id === id);
    let leaf = node;
    while (leaf && Object.keys(leaf.states).length > 0) leaf = leaf.initial?.target?.[0];
    return leaf?.id ?? id;
  };
  for (const edge of diagramEdges(machine)) {
    const target = leafOf(edge.target);
    const head = target === edge.target ? '' : `, lhead="cluster_${edge.target}"`;
    const guard = edge.guard ? ` [${edge.guard}]` : '';
    lines.push(`  "${leafOf(edge.source)}" -> "${target}" [label="${edge.event}${guard}"${head}];`);
  }
  lines.push('}');
  return lines.join('\n');
}

export function toJson(machine: AnyStateMachine): string {
  const states = allStateNodes(machine.root)
    .slice(1)
    .map((node) => ({ id: node.id, type: node.type, parent: node.parent?.id ?? null }));
  return JSON.stringify({ id: machine.id, states, transitions: diagramEdges(machine) }, null, 2);
}
