/** Live actors of the session machine with a recording fake provider and a clock that never fires. */
import { createActor, fromCallback, type Snapshot } from 'xstate';
import type { WorkflowEvent } from '../../machines/events.js';
import type { Phase, PhaseRegistry } from '../../machines/phases.js';
import {
  buildWorkflow,
  defaultSettings,
  initialContext,
  type ProviderInput,
  type WorkflowContext,
  type WorkflowSettings,
} from '../../machines/workflow.js';

/** Timers are recorded, never fired, unless a test fires them. */
export function manualClock() {
  let next = 1;
  const pending = new Map<number, { fn: () => void; ms: number }>();
  return {
    setTimeout(fn: (...args: unknown[]) => void, ms: number): number {
      const id = next++;
      pending.set(id, { fn: () => fn(), ms });
      return id;
    },
    clearTimeout(id: unknown): void {
      pending.delete(id as number);
    },
    pending: () => [...pending.values()].map((timer) => timer.ms),
    fireAll(): void {
      const timers = [...pending.entries()];
      pending.clear();
      for (const [, timer] of timers) timer.fn();
    },
  };
}

export function startWorkflow(
  registry: PhaseRegistry,
  overrides: Partial<WorkflowSettings> = {},
  snapshot?: Snapshot<unknown>,
) {
  const started: ProviderInput[] = [];
  const provider = fromCallback<WorkflowEvent, ProviderInput>(({ input }) => {
    started.push(input);
  });
  const settings = { ...defaultSettings(registry), ...overrides };
  const machine = buildWorkflow(registry, settings).provide({ actors: { provider } });
  const clock = manualClock();
  const actor = createActor(machine, { clock, ...(snapshot ? { snapshot } : {}) }).start();
  return {
    actor,
    started,
    clock,
    machine,
    send: (event: WorkflowEvent) => actor.send(event),
    value: () => actor.getSnapshot().value,
    context: () => actor.getSnapshot().context as WorkflowContext,
  };
}

/** A snapshot parked in `<phase>.running` with a fresh context, to probe one event. */
export function runningSnapshot(
  registry: PhaseRegistry,
  phase: Phase,
  context: WorkflowContext = initialContext(),
) {
  const machine = buildWorkflow(registry);
  return machine.resolveState({ value: { [phase]: 'running' }, context });
}
