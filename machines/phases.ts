/**
 * The phase registry: the one table that says what may happen in a session.
 * The machine, the prompts' signal tables, the docs and the reports all derive from it.
 *
 * @example
 * PHASE_REGISTRY.planning.next; // ['implementation']
 */

/** Phases in workflow order. */
export const PHASES = [
  'init',
  'investigation',
  'requirements',
  'planning',
  'implementation',
  'testing',
  'quality',
  'done',
] as const;
export type Phase = (typeof PHASES)[number];

/** The four statuses an agent may write into `_signal.json`. */
export const SIGNAL_STATUSES = ['continue', 'done', 'blocked', 'waiting'] as const;
export type SignalStatus = (typeof SIGNAL_STATUSES)[number];

/** What a `waiting` signal may wait for (`for`). */
export const WAIT_REASONS = ['qa_answers', 'plan_approval', 'human_action'] as const;
export type WaitReason = (typeof WAIT_REASONS)[number];

/** What a `blocked` signal may need (`needs`). */
export const BLOCK_NEEDS = ['human_decision', 'clarification', 'error_resolution', 'environment'] as const;
export type BlockNeed = (typeof BLOCK_NEEDS)[number];

/** Leaving a gated phase needs a human approval (or `--auto-approve`). */
export interface ApprovalGate {
  /** The wait reason an agent uses to ask for the approval. */
  readonly wait: WaitReason;
  /** Where an approved `waiting` signal moves the session. */
  readonly to: Phase;
}

export interface PhaseSpec {
  readonly next: readonly Phase[];
  readonly signals: readonly SignalStatus[];
  readonly waits: readonly WaitReason[];
  readonly maxIterations: number;
  readonly approval?: ApprovalGate;
  readonly agent: string;
}

export type PhaseRegistry = Readonly<Record<Phase, PhaseSpec>>;

export const PHASE_REGISTRY: PhaseRegistry = {
  init: {
    next: ['investigation'],
    signals: ['continue', 'blocked'],
    waits: [],
    maxIterations: 5,
    agent: 'init-agent',
  },
  investigation: {
    next: ['requirements'],
    signals: ['continue', 'blocked'],
    waits: [],
    maxIterations: 20,
    agent: 'investigation-agent',
  },
  requirements: {
    next: ['planning'],
    signals: ['continue', 'waiting', 'blocked'],
    waits: ['qa_answers'],
    maxIterations: 10,
    agent: 'requirements-agent',
  },
  planning: {
    next: ['implementation'],
    signals: ['continue', 'waiting', 'blocked'],
    waits: ['plan_approval'],
    maxIterations: 10,
    approval: { wait: 'plan_approval', to: 'implementation' },
    agent: 'planning-agent',
  },
  implementation: {
    next: ['testing', 'quality'],
    signals: ['continue', 'waiting', 'blocked'],
    waits: ['human_action'],
    maxIterations: 100,
    agent: 'implementation-agent',
  },
  testing: {
    next: ['quality', 'done'],
    signals: ['continue', 'blocked'],
    waits: [],
    maxIterations: 20,
    agent: 'testing-agent',
  },
  quality: {
    next: ['testing', 'done'],
    signals: ['continue', 'blocked'],
    waits: [],
    maxIterations: 10,
    agent: 'quality-agent',
  },
  done: {
    next: [],
    signals: ['done', 'blocked'],
    waits: [],
    maxIterations: 3,
    agent: 'done-agent',
  },
};

/** The first phase of every session. */
export const INITIAL_PHASE: Phase = 'init';
/** The only phase where `done` may be signalled. */
export const TERMINAL_PHASE: Phase = 'done';
/** Where a failed verification of `done` sends the session: the phase whose agent runs the tests. */
export const VERIFY_RETURN_PHASE: Phase = 'testing';

export function isPhase(value: unknown): value is Phase {
  return typeof value === 'string' && (PHASES as readonly string[]).includes(value);
}

/** One value per phase, in workflow order. */
export function mapPhases<T>(build: (phase: Phase) => T): Record<Phase, T> {
  const entries = PHASES.map((phase) => [phase, build(phase)] as const);
  return Object.fromEntries(entries) as Record<Phase, T>;
}
