/**
 * Single changes to the phase registry. The mutation sweep applies each one and demands a red
 * machine suite; `registryUnderTest()` is how the suite picks the mutated registry up.
 */
import {
  PHASE_REGISTRY,
  PHASES,
  type Phase,
  type PhaseRegistry,
  type PhaseSpec,
  SIGNAL_STATUSES,
  WAIT_REASONS,
} from '../../machines/phases.js';

export type Mutation =
  | { readonly kind: 'drop-next'; readonly phase: Phase; readonly value: Phase }
  | { readonly kind: 'add-next'; readonly phase: Phase; readonly value: Phase }
  | { readonly kind: 'drop-signal' | 'add-signal'; readonly phase: Phase; readonly value: string }
  | { readonly kind: 'drop-wait' | 'add-wait'; readonly phase: Phase; readonly value: string }
  | { readonly kind: 'budget'; readonly phase: Phase; readonly value: number }
  | { readonly kind: 'drop-gate'; readonly phase: Phase };

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
    if (spec.approval) mutations.push({ kind: 'drop-gate', phase });
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
      changed = { ...spec, signals: [...spec.signals, mutation.value] as PhaseSpec['signals'] };
      break;
    case 'drop-wait':
      changed = { ...spec, waits: without(spec.waits, mutation.value) };
      break;
    case 'add-wait':
      changed = { ...spec, waits: [...spec.waits, mutation.value] as PhaseSpec['waits'] };
      break;
    case 'budget':
      changed = { ...spec, maxIterations: mutation.value };
      break;
    case 'drop-gate': {
      const { approval: _dropped, ...rest } = spec;
      changed = rest;
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
  return applyMutation(PHASE_REGISTRY, JSON.parse(raw) as Mutation);
}
