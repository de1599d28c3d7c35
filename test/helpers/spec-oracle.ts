/**
 * SPEC §2 written out by hand: the one legitimate copy of the phase table. It must never read
 * `machines/phases.ts` data, because an oracle that reads the registry agrees with any mutant of
 * it. Only the type names are shared, so a renamed phase is a compile error here.
 */
import type { Phase, WaitReason } from '../../machines/phases.js';

type Status = 'continue' | 'done' | 'blocked' | 'waiting';

interface SpecRow {
  readonly next: readonly Phase[];
  readonly signals: readonly Status[];
  readonly waits: readonly WaitReason[];
  readonly maxIterations: number;
  /** `approval to leave`: where an approved session goes, and the wait that asks for it. */
  readonly gate?: { readonly wait: WaitReason; readonly to: Phase };
}

// | phase | next phases | signals allowed | waits allowed (`for`) | max iterations | gate |
export const SPEC_TABLE: Readonly<Record<Phase, SpecRow>> = {
  init: { next: ['investigation'], signals: ['continue', 'blocked'], waits: [], maxIterations: 5 },
  investigation: {
    next: ['requirements'],
    signals: ['continue', 'blocked'],
    waits: [],
    maxIterations: 20,
  },
  requirements: {
    next: ['planning'],
    signals: ['continue', 'waiting', 'blocked'],
    waits: ['qa_answers'],
    maxIterations: 10,
  },
  planning: {
    next: ['implementation'],
    signals: ['continue', 'waiting', 'blocked'],
    waits: ['plan_approval'],
    maxIterations: 10,
    gate: { wait: 'plan_approval', to: 'implementation' },
  },
  implementation: {
    next: ['testing', 'quality'],
    signals: ['continue', 'waiting', 'blocked'],
    waits: ['human_action'],
    maxIterations: 100,
  },
  testing: { next: ['quality', 'done'], signals: ['continue', 'blocked'], waits: [], maxIterations: 20 },
  quality: { next: ['testing', 'done'], signals: ['continue', 'blocked'], waits: [], maxIterations: 10 },
  done: { next: [], signals: ['done', 'blocked'], waits: [], maxIterations: 3 },
};

export const SPEC_PHASES: readonly Phase[] = [
  'init',
  'investigation',
  'requirements',
  'planning',
  'implementation',
  'testing',
  'quality',
  'done',
];
export const SPEC_WAITS: readonly WaitReason[] = ['qa_answers', 'plan_approval', 'human_action'];
/** A wait that is not a gate parks until the human acts: answers are asked for apart from any other action. */
export const SPEC_HUMAN_WAIT: Readonly<Record<WaitReason, 'awaitingAnswers' | 'awaitingAction'>> = {
  qa_answers: 'awaitingAnswers',
  plan_approval: 'awaitingAction',
  human_action: 'awaitingAction',
};
export const SPEC_STATUSES: readonly Status[] = ['continue', 'done', 'blocked', 'waiting'];

/** A signal as the agent writes it, before any rule is applied. */
export interface SpecSignal {
  readonly status: Status;
  readonly target?: Phase;
  readonly for?: WaitReason;
}

/**
 * Where one signal, ended in a phase that still has budget, leaves the session.
 * `rule` is the SPEC §2 rule number a refusal breaks.
 */
export type SpecOutcome =
  | { readonly kind: 'runs'; readonly phase: Phase }
  | { readonly kind: 'awaitsApproval'; readonly next: Phase }
  | { readonly kind: 'awaitsHuman'; readonly sub: 'awaitingAnswers' | 'awaitingAction' }
  | { readonly kind: 'agentBlocked' }
  | { readonly kind: 'completed' }
  | { readonly kind: 'refused'; readonly rule: 1 | 2 | 3 | 4 | 5 | 7 };

export function specOutcome(phase: Phase, signal: SpecSignal, autoApprove: boolean): SpecOutcome {
  const row = SPEC_TABLE[phase];
  const target = signal.target ?? phase;
  // Rule 5 names `done` outside `done` before rule 1 would.
  if (signal.status === 'done' && phase !== 'done') return { kind: 'refused', rule: 5 };
  if (!row.signals.includes(signal.status)) return { kind: 'refused', rule: 1 };
  switch (signal.status) {
    case 'continue':
      if (target === phase) return { kind: 'runs', phase };
      if (!row.next.includes(target)) return { kind: 'refused', rule: 2 };
      if (row.gate && !autoApprove) return { kind: 'awaitsApproval', next: target };
      return { kind: 'runs', phase: target };
    case 'waiting':
      if (target !== phase) return { kind: 'refused', rule: 3 };
      if (!signal.for || !row.waits.includes(signal.for)) return { kind: 'refused', rule: 3 };
      if (row.gate?.wait === signal.for) {
        return autoApprove
          ? { kind: 'runs', phase: row.gate.to }
          : { kind: 'awaitsApproval', next: row.gate.to };
      }
      return { kind: 'awaitsHuman', sub: SPEC_HUMAN_WAIT[signal.for] };
    case 'blocked':
      return target === phase ? { kind: 'agentBlocked' } : { kind: 'refused', rule: 4 };
    case 'done':
      return target === 'done' ? { kind: 'completed' } : { kind: 'refused', rule: 5 };
  }
}

/** The signals an agent can write: every status × named phase (or none) × wait reason. */
export function everySignal(): SpecSignal[] {
  const targets: (Phase | undefined)[] = [undefined, ...SPEC_PHASES];
  const signals: SpecSignal[] = [];
  for (const target of targets) {
    const named = target ? { target } : {};
    signals.push(
      { status: 'continue', ...named },
      { status: 'done', ...named },
      { status: 'blocked', ...named },
    );
    for (const wait of SPEC_WAITS) signals.push({ status: 'waiting', ...named, for: wait });
  }
  return signals;
}

/** The phases a session passes through from `init` into `phase`, in workflow order (each a next of the one before). */
export function routeTo(phase: Phase): Phase[] {
  return SPEC_PHASES.slice(1, SPEC_PHASES.indexOf(phase) + 1);
}
