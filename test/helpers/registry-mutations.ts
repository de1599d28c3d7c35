/**
 * Single changes to the phase registry. The mutation sweep applies each one and demands a failing
 * assertion in the machine suite; `registryUnderTest()` is how the suite picks the mutated registry up.
 */
import { z } from 'zod';
import {
  PHASE_REGISTRY,
  PHASES,
  type PhaseRegistry,
  type PhaseSpec,
  SIGNAL_STATUSES,
  WAIT_REASONS,
} from '../../machines/phases.js';

const phaseName = z.enum(PHASES);
/**
 * One change to the registry. `gate-target`: the gate of `phase` leads to `value` (added to its next
 * phases, so the registry stays sound). `gate-move`: the gate leaves `phase` (its wait stays, as a
 * plain wait) and guards leaving `value` instead. `approval-wait`: the approval role goes to the wait
 * `value` of `phase`; a wait that had it becomes a plain wait.
 */
const MutationSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.enum(['drop-next', 'add-next', 'gate-target', 'gate-move']),
    phase: phaseName,
    value: phaseName,
  }),
  z.object({ kind: z.enum(['drop-signal', 'add-signal']), phase: phaseName, value: z.enum(SIGNAL_STATUSES) }),
  z.object({
    kind: z.enum(['drop-wait', 'add-wait', 'approval-wait']),
    phase: phaseName,
    value: z.enum(WAIT_REASONS),
  }),
  z.object({ kind: z.literal('budget'), phase: phaseName, value: z.number().int() }),
  z.object({ kind: z.literal('drop-gate'), phase: phaseName }),
]);
export type Mutation = z.infer<typeof MutationSchema>;

export function describeMutation(mutation: Mutation): string {
  return 'value' in mutation
    ? `${mutation.kind} ${mutation.phase} ${mutation.value}`
    : `${mutation.kind} ${mutation.phase}`;
}

/** Every single mutation of the registry. */
export function allMutations(registry: PhaseRegistry = PHASE_REGISTRY): Mutation[] {
  const mutations: Mutation[] = [];
  for (const phase of PHASES) {
    const spec = registry[phase];
    for (const value of PHASES) {
      if (spec.next.includes(value)) mutations.push({ kind: 'drop-next', phase, value });
      else if (value !== phase) mutations.push({ kind: 'add-next', phase, value });
    }
    for (const value of SIGNAL_STATUSES) {
      mutations.push({ kind: spec.signals.includes(value) ? 'drop-signal' : 'add-signal', phase, value });
    }
    for (const value of WAIT_REASONS) {
      mutations.push({ kind: spec.waits.includes(value) ? 'drop-wait' : 'add-wait', phase, value });
    }
    mutations.push({ kind: 'budget', phase, value: spec.maxIterations + 1 });
    mutations.push({ kind: 'budget', phase, value: spec.maxIterations - 1 });
    if (spec.approval) {
      mutations.push({ kind: 'drop-gate', phase });
      for (const value of PHASES) {
        if (value !== phase && value !== spec.approval.to)
          mutations.push({ kind: 'gate-target', phase, value });
      }
      for (const value of PHASES) {
        if (value !== phase && registry[value].next.length > 0)
          mutations.push({ kind: 'gate-move', phase, value });
      }
      for (const value of WAIT_REASONS) {
        if (value !== spec.approval.wait) mutations.push({ kind: 'approval-wait', phase, value });
      }
    } else if (spec.next.length > 0) {
      for (const value of spec.waits) mutations.push({ kind: 'approval-wait', phase, value });
    }
  }
  return mutations.filter((mutation) => !(mutation.kind === 'budget' && mutation.value < 1));
}

export function applyMutation(registry: PhaseRegistry, mutation: Mutation): PhaseRegistry {
  const spec = registry[mutation.phase];
  const without = <T>(items: readonly T[], value: unknown): T[] => items.filter((item) => item !== value);
  let changed: PhaseSpec;
  switch (mutation.kind) {
    case 'drop-next':
      changed = { ...spec, next: without(spec.next, mutation.value) };
      break;
    case 'add-next':
      changed = { ...spec, next: [...spec.next, mutation.value] };
      break;
    case 'drop-signal':
      changed = { ...spec, signals: without(spec.signals, mutation.value) };
      break;
    case 'add-signal':
      changed = { ...spec, signals: [...spec.signals, mutation.value] };
      break;
    case 'drop-wait':
      changed = { ...spec, waits: without(spec.waits, mutation.value) };
      break;
    case 'add-wait':
      changed = { ...spec, waits: [...spec.waits, mutation.value] };
      break;
    case 'budget':
      changed = { ...spec, maxIterations: mutation.value };
      break;
    case 'drop-gate': {
      const { approval: _dropped, ...rest } = spec;
      changed = rest;
      break;
    }
    case 'gate-target':
      if (!spec.approval) return registry;
      changed = {
        ...spec,
        next: spec.next.includes(mutation.value) ? spec.next : [...spec.next, mutation.value],
        approval: { ...spec.approval, to: mutation.value },
      };
      break;
    case 'gate-move': {
      const { approval, ...rest } = spec;
      const host = registry[mutation.value];
      const to = host.next[0];
      if (!approval || !to) return registry;
      const gated: PhaseSpec = {
        ...host,
        signals: host.signals.includes('waiting') ? host.signals : [...host.signals, 'waiting'],
        waits: host.waits.includes(approval.wait) ? host.waits : [...host.waits, approval.wait],
        approval: { wait: approval.wait, to },
      };
      return { ...registry, [mutation.phase]: rest, [mutation.value]: gated };
    }
    case 'approval-wait': {
      const to = spec.approval?.to ?? spec.next[0];
      if (!to) return registry;
      changed = {
        ...spec,
        waits: spec.waits.includes(mutation.value) ? spec.waits : [...spec.waits, mutation.value],
        approval: { wait: mutation.value, to },
      };
      break;
    }
  }
  return { ...registry, [mutation.phase]: changed };
}

/** The env variable through which the sweep hands one mutation (JSON) to the suite. */
export const MUTATION_ENV = 'SAMOCODE_REGISTRY_MUTATION';

/** The registry the machine tests run against: the real one, or the sweep's mutant. */
export function registryUnderTest(): PhaseRegistry {
  const raw = process.env[MUTATION_ENV];
  if (!raw) return PHASE_REGISTRY;
  return applyMutation(PHASE_REGISTRY, MutationSchema.parse(JSON.parse(raw)));
}
