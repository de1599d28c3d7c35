/**
 * The machine written down: the registry table and every transition (state, event, guard,
 * target, actions), rendered from the machine itself. `docs/state-machine.md` is this output;
 * a test fails when the checked-in copy is stale.
 */
import type { AnyStateMachine } from 'xstate';
import { PHASES, type Phase, type PhaseRegistry } from '../phases.js';
import { SUB_STATE_TAGS, SUB_STATES, type SubState } from '../sub-states.js';
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

/** Which sub-states each phase has, then each sub-state's tags and the events it handles. */
export function renderSubStateTables(machine: AnyStateMachine): string {
  const nodeOf = (phase: Phase, sub: SubState) => machine.root.states[phase]?.states[sub];
  const shape = PHASES.map(
    (phase) => `| ${phase} | ${SUB_STATES.map((sub) => (nodeOf(phase, sub) ? '✓' : '–')).join(' | ')} |`,
  );
  const handled = SUB_STATES.map((sub) => {
    const events = new Set(
      PHASES.flatMap((phase) => nodeOf(phase, sub)?.ownEvents ?? []).map((type) => {
        const delay = /^xstate\.after\.([^.]+)\./.exec(type)?.[1];
        return delay ? `after ${delay}` : type;
      }),
    );
    return `| ${sub} | ${cell(SUB_STATE_TAGS[sub])} | ${cell([...events])} |`;
  });
  return [
    `| phase | ${SUB_STATES.join(' | ')} |`,
    `|---|${SUB_STATES.map(() => '---').join('|')}|`,
    ...shape,
    '',
    '| sub-state | tags | handles |',
    '|---|---|---|',
    ...handled,
  ].join('\n');
}

export function renderStateMachineDoc(registry: PhaseRegistry, machine: AnyStateMachine): string {
  const transitions = allEdges(machine).size;
  return `# The session machine

Generated from \`machines/phases.ts\` by \`npx tsx scripts/write-state-machine-doc.ts\`; do not edit by hand.
A test fails when this file is stale.

## Phases and signals

${renderRegistryTable(registry)}

## Sub-states

Each phase is a compound state built by \`machines/phase-states.ts\`, every \`running\` with the one
attempt policy of \`machines/attempt-policy.ts\`. The states and transitions are the same whatever
the run's settings (a verify command, a fallback provider, \`--once\`, \`--auto-approve\`, the
no-progress limit): those are inputs of guards, so a session saved under one setting restores under
any other. A run stops in a sub-state with an \`exit.*\` tag; its exit code is a lookup on that
tag. The other tags say what a state means (\`machines/sub-states.ts\`): \`iteration.open\`,
\`awaits.approve|answers|action\`, \`needs.human\`, \`retry.backoff|usageLimit\`,
\`verify.running\`. Every transition whose actions start with \`endIteration\` emits
\`iteration.ended\`, from which the runner writes one history row.

${renderSubStateTables(machine)}

## Transitions (${transitions})

Guards are evaluated top to bottom for the same state and event; the first that holds wins.

${renderTransitionTable(machine)}
`;
}
