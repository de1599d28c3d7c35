import { describe, expect, it } from 'vitest';
import { createActor, fromCallback } from 'xstate';
import type { SignalEvent, WorkflowEvent } from '../../machines/events.js';
import { BLOCK_NEEDS, PHASES, type Phase, type PhaseRegistry, WAIT_REASONS } from '../../machines/phases.js';
import { RULE_NUMBERS, type RuleId } from '../../machines/rules.js';
import { HUMAN_WAIT_STATE } from '../../machines/sub-states.js';
import { buildWorkflow, type ProviderInput, type WorkflowContext } from '../../machines/workflow.js';
import { registryUnderTest } from '../helpers/registry-mutations.js';
import { manualClock, runningSnapshot } from '../helpers/workflow-harness.js';

const registry = registryUnderTest();

interface Expected {
  readonly state: string;
  readonly rule?: RuleId | 'agent';
}

/** SPEC §2, written independently of the machine: where a signal in a fresh `phase.running` must lead. */
function oracle(reg: PhaseRegistry, phase: Phase, event: SignalEvent): Expected {
  const spec = reg[phase];
  const blocked = (rule: RuleId | 'agent'): Expected => ({ state: `${phase}.blocked`, rule });
  if (event.type === 'signal.invalid') return blocked('invalid-signal');
  const status = event.type.replace('signal.', '');
  const target = event.target ?? phase;
  if (status === 'done') {
    if (phase !== 'done') return blocked('done-outside-done');
    if (!spec.signals.includes('done')) return blocked('status-not-allowed');
    return target === 'done' ? { state: 'completed' } : blocked('done-outside-done');
  }
  if (!(spec.signals as readonly string[]).includes(status)) return blocked('status-not-allowed');
  if (event.type === 'signal.continue') {
    if (target === phase) return { state: `${phase}.running` };
    if (!spec.next.includes(target)) return blocked('target-not-allowed');
    return spec.approval ? { state: `${phase}.awaitingApproval` } : { state: `${target}.running` };
  }
  if (event.type === 'signal.waiting') {
    if (target !== phase) return blocked('wait-changes-phase');
    if (!spec.waits.includes(event.for)) return blocked('wait-not-allowed');
    return spec.approval?.wait === event.for
      ? { state: `${phase}.awaitingApproval` }
      : { state: `${phase}.${HUMAN_WAIT_STATE[event.for]}` };
  }
  return target === phase ? blocked('agent') : blocked('blocked-changes-phase');
}

const targets: (Phase | undefined)[] = [undefined, ...PHASES];
const signals: SignalEvent[] = [
  ...targets.map((target): SignalEvent => ({ type: 'signal.continue', ...(target ? { target } : {}) })),
  ...targets.map(
    (target): SignalEvent => ({ type: 'signal.done', summary: 'ok', ...(target ? { target } : {}) }),
  ),
  ...targets.map(
    (target): SignalEvent => ({
      type: 'signal.blocked',
      reason: 'x',
      needs: BLOCK_NEEDS[1],
      ...(target ? { target } : {}),
    }),
  ),
  ...WAIT_REASONS.flatMap((wait) =>
    targets.map(
      (target): SignalEvent => ({ type: 'signal.waiting', for: wait, ...(target ? { target } : {}) }),
    ),
  ),
  { type: 'signal.invalid', problem: 'bad' },
];
const cases = PHASES.flatMap((phase) => signals.map((event) => ({ phase, event })));
const valueName = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : (Object.entries(value as Record<string, string>).map(([k, v]) => `${k}.${v}`)[0] ?? '');

describe(`every phase × status × target × wait (${cases.length} combinations)`, () => {
  it('ends where SPEC §2 says; every refusal is blocked with a reason naming the rule', () => {
    const machine = buildWorkflow(registry).provide({
      actors: { provider: fromCallback<WorkflowEvent, ProviderInput>(() => undefined) },
    });
    const wrong: string[] = [];
    for (const { phase, event } of cases) {
      const actor = createActor(machine, {
        snapshot: runningSnapshot(registry, phase),
        clock: manualClock(),
      }).start();
      actor.send(event);
      const snapshot = actor.getSnapshot();
      const context = snapshot.context as WorkflowContext;
      const expected = oracle(registry, phase, event);
      const got = valueName(snapshot.value);
      const rule = context.blocked?.rule;
      const reasonNamesRule =
        !expected.rule ||
        expected.rule === 'agent' ||
        context.blocked?.reason.startsWith(`rule ${RULE_NUMBERS[expected.rule]} (${expected.rule})`);
      if (got !== expected.state || (expected.rule && rule !== expected.rule) || !reasonNamesRule) {
        wrong.push(
          `${phase} ${JSON.stringify(event)}: expected ${JSON.stringify(expected)}, got ${got} ${rule ?? ''}`,
        );
      }
      actor.stop();
    }
    expect(wrong).toEqual([]);
  });

  it('counts refused signals against the phase they ran in', () => {
    const machine = buildWorkflow(registry).provide({
      actors: { provider: fromCallback<WorkflowEvent, ProviderInput>(() => undefined) },
    });
    const actor = createActor(machine, {
      snapshot: runningSnapshot(registry, 'testing'),
      clock: manualClock(),
    }).start();
    actor.send({ type: 'signal.continue', target: 'init' });
    expect((actor.getSnapshot().context as WorkflowContext).iterations.testing).toBe(1);
    actor.stop();
  });
});
