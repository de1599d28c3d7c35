/**
 * The machine written down: the registry table and every transition (state, event, guard,
 * target, actions), rendered from the machine itself. `docs/state-machine.md` is this output;
 * a test fails when the checked-in copy is stale.
 */
import type { AnyStateMachine } from 'xstate';
import { PHASES, type PhaseRegistry } from '../phases.js';
import { allEdges, eventLabel, guardLabel, targetsOf } from './edges.js';

const cell = (items: readonly string[]): string => (items.length ? items.join(', ') : '–');

function actionLabel(action: unknown): string {
  if (typeof action === 'string') return action;
  if (typeof action === 'object' && action !== null && 'type' in action) {
    const typed = action as { type: string; params?: Record<string, unknown> };
    return typed.params ? `${typed.type}(${Object.values(typed.params).join(',')})` : typed.type;
  }
  return 'inline';
}

export function renderRegistryTable(registry: PhaseRegistry): string {
  const rows = PHASES.map((phase) => {
    const spec = registry[phase];
    const gate = spec.approval ? `approval to leave (${spec.approval.wait} → ${spec.approval.to})` : '';
    return `| ${phase} | ${cell(spec.next)} | ${cell(spec.signals)} | ${cell(spec.waits)} | ${spec.maxIterations} | ${gate} | ${spec.agent} |`;
  });
  return [
    '| phase | next phases | signals allowed | waits allowed (`for`) | max iterations | gate | agent |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export function renderTransitionTable(machine: AnyStateMachine): string {
  const rows = [...allEdges(machine).keys()].map((transition) => {
    const source = transition.source.id.replace(/^samocode\./, '');
    const target = targetsOf(transition).replace(/samocode\./g, '');
    const actions = transition.actions.map(actionLabel).join(', ');
    return `| ${source} | ${eventLabel(transition.eventType)} | ${guardLabel(transition.guard) || '–'} | ${target}${transition.reenter ? ' (re-enter)' : ''} | ${actions || '–'} |`;
  });
  return ['| state | event | guard | next state | actions |', '|---|---|---|---|---|', ...rows].join('\n');
}

export function renderStateMachineDoc(registry: PhaseRegistry, machine: AnyStateMachine): string {
  const transitions = allEdges(machine).size;
  return `# The session machine

Generated from \`machines/phases.ts\` by \`npx tsx scripts/write-state-machine-doc.ts\`; do not edit by hand.
A test fails when this file is stale.

## Phases and signals

${renderRegistryTable(registry)}

## Transitions (${transitions})

Guards are evaluated top to bottom for the same state and event; the first that holds wins.

${renderTransitionTable(machine)}
`;
}
