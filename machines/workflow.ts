/**
 * The session machine, built from the phase registry. Each phase is a compound state:
 * `running` invokes the provider actor; `retrying` and `suspended` wait on named delays;
 * `awaitingHuman`, `awaitingApproval`, `blocked` and `failed` park the session until a human
 * event. `completed` is final. The machine decides; it performs no I/O.
 *
 * @example
 * const machine = buildWorkflow(PHASE_REGISTRY, { ...defaultSettings(PHASE_REGISTRY), autoApprove: true })
 *   .provide({ actors: { provider: myProviderActor } });
 * createActor(machine).start();
 */
import { and, assign, fromCallback, setup } from 'xstate';
import {
  type AgentFailedEvent,
  type AgentLimitedEvent,
  isSignalEvent,
  type WaitingEvent,
  type WorkflowEvent,
} from './events.js';
import { INITIAL_PHASE, PHASES, type Phase, type PhaseRegistry, TERMINAL_PHASE } from './phases.js';
import { isBudgetChecked, validateRegistry } from './registry-graph.js';
import {
  type Block,
  explainBudget,
  explainNoSignal,
  explainRejection,
  explainSuspensionTooLong,
} from './rules.js';

/** What the provider actor receives for one attempt. */
export interface ProviderInput {
  readonly phase: Phase;
  /** Session-wide iteration number of this run (1-based). */
  readonly iteration: number;
  /** Attempt within the iteration (1-based). */
  readonly attempt: number;
  /** The previous attempt exited without a signal: remind the agent to write one. */
  readonly reminder: boolean;
}

export interface Failure {
  readonly outcome: string;
  readonly kind: 'transient' | 'fatal';
  readonly message: string;
}

export interface WorkflowContext {
  /** Iterations spent per phase over the whole session. */
  readonly iterations: Readonly<Record<Phase, number>>;
  /** Extra iterations a human granted per phase by resuming after a budget block. */
  readonly allowance: Readonly<Record<Phase, number>>;
  readonly totalIterations: number;
  readonly attempt: number;
  readonly reminded: boolean;
  readonly pendingTarget?: Phase;
  readonly blocked?: Block;
  readonly waiting?: { readonly for: WaitingEvent['for']; readonly summary?: string };
  readonly failure?: Failure;
  readonly suspension?: { readonly waitMs: number; readonly resetsAt?: string; readonly message: string };
  readonly autoApproved?: boolean;
  readonly summary?: string;
}

/** Settings that guards and delays read; fixed when the machine is built for a run. */
export interface WorkflowSettings {
  readonly autoApprove: boolean;
  /** Attempts per iteration, the first included. */
  readonly maxAttempts: number;
  readonly retryDelayMs: number;
  readonly maxSuspendMs: number;
  readonly budgets: Readonly<Record<Phase, number>>;
  /** A factor in [0.5, 1] applied to backoff delays; deterministic by default. */
  readonly jitter: () => number;
}

export function budgetsOf(registry: PhaseRegistry): Record<Phase, number> {
  return Object.fromEntries(PHASES.map((phase) => [phase, registry[phase].maxIterations])) as Record<
    Phase,
    number
  >;
}

export function defaultSettings(registry: PhaseRegistry): WorkflowSettings {
  return {
    autoApprove: false,
    maxAttempts: 3,
    retryDelayMs: 5_000,
    maxSuspendMs: 6 * 3_600_000,
    budgets: budgetsOf(registry),
    jitter: () => 1,
  };
}

const zeroes = (): Record<Phase, number> =>
  Object.fromEntries(PHASES.map((phase) => [phase, 0])) as Record<Phase, number>;

export function initialContext(): WorkflowContext {
  return { iterations: zeroes(), allowance: zeroes(), totalIterations: 0, attempt: 1, reminded: false };
}

/** Iterations `phase` may still spend before it blocks. */
export function remainingBudget(
  context: WorkflowContext,
  phase: Phase,
  budgets: Record<Phase, number>,
): number {
  return budgets[phase] + context.allowance[phase] - context.iterations[phase];
}

/** Exponential backoff: base, 2×base, 4×base … for attempts 2, 3, 4 …, scaled by jitter. */
export function backoffMs(attempt: number, baseMs: number, jitter: number): number {
  return Math.round(baseMs * 2 ** Math.max(0, attempt - 2) * jitter);
}

const idleProvider = fromCallback<WorkflowEvent, ProviderInput>(() => undefined);

type Target = { target: Phase };
type From = { phase: Phase };

/** Builds the session machine from a registry; throws if the registry is unsound. */
export function buildWorkflow(
  registry: PhaseRegistry,
  settings: WorkflowSettings = defaultSettings(registry),
) {
  const problems = validateRegistry(registry);
  if (problems.length > 0) throw new Error(`phase registry is unsound:\n- ${problems.join('\n- ')}`);
  const stays = (event: WorkflowEvent, phase: Phase): boolean =>
    'target' in event ? (event.target ?? phase) === phase : true;

  const spend = (context: WorkflowContext, phase: Phase) => ({
    iterations: { ...context.iterations, [phase]: context.iterations[phase] + 1 },
    totalIterations: context.totalIterations + 1,
    attempt: 1,
    reminded: false,
  });
  const clearPark = {
    blocked: undefined,
    waiting: undefined,
    failure: undefined,
    suspension: undefined,
    pendingTarget: undefined,
  } as const;

  const machineSetup = setup({
    types: {
      context: {} as WorkflowContext,
      events: {} as WorkflowEvent,
    },
    actors: { provider: idleProvider },
    guards: {
      isContinueTo: ({ event }, params: { from: Phase; to: Phase }) =>
        event.type === 'signal.continue' && (event.target ?? params.from) === params.to,
      isWaitFor: ({ event }, params: { from: Phase; for: string }) =>
        event.type === 'signal.waiting' && event.for === params.for && stays(event, params.from),
      staysIn: ({ event }, params: From) => stays(event, params.phase),
      isPendingTarget: ({ context }, params: Target) => context.pendingTarget === params.target,
      // Guards see the context before this transition's actions, so count the iteration that just ended.
      hasBudget: ({ context }, params: { phase: Phase; spending?: Phase }) =>
        remainingBudget(context, params.phase, settings.budgets) -
          (params.spending === params.phase ? 1 : 0) >
        0,
      isTransient: ({ event }) => event.type === 'agent.failed' && event.kind === 'transient',
      hasAttemptsLeft: ({ context }) => context.attempt < settings.maxAttempts,
      canRemind: ({ context }) => !context.reminded,
      isAutoApprove: () => settings.autoApprove,
      isWithinSuspendCap: ({ event }) =>
        event.type === 'agent.limited' && event.waitMs <= settings.maxSuspendMs,
    },
    delays: {
      retryBackoff: ({ context }) => backoffMs(context.attempt, settings.retryDelayMs, settings.jitter()),
      usageLimitWait: ({ context }) => context.suspension?.waitMs ?? 0,
    },
    actions: {
      spendIteration: assign(({ context }, params: From) => ({
        ...clearPark,
        ...spend(context, params.phase),
      })),
      recordAgentBlock: assign(({ context, event }, params: From) => ({
        ...spend(context, params.phase),
        blocked:
          event.type === 'signal.blocked'
            ? { rule: 'agent' as const, reason: event.reason, needs: event.needs }
            : context.blocked,
      })),
      rejectSignal: assign(({ context, event }, params: From) => ({
        ...spend(context, params.phase),
        blocked: isSignalEvent(event) ? explainRejection(registry, params.phase, event) : context.blocked,
      })),
      blockBudget: assign(({ context }, params: From) => ({
        blocked: explainBudget(
          params.phase,
          context.iterations[params.phase],
          settings.budgets[params.phase],
          context.allowance[params.phase],
        ),
      })),
      blockNoSignal: assign(({ context }, params: From) => ({
        ...spend(context, params.phase),
        blocked: explainNoSignal(context.attempt),
      })),
      recordWaiting: assign(({ event }) =>
        event.type === 'signal.waiting'
          ? { waiting: { for: event.for, ...(event.summary ? { summary: event.summary } : {}) } }
          : {},
      ),
      setPending: assign((_, params: Target) => ({ pendingTarget: params.target })),
      markAutoApproved: assign({ autoApproved: true }),
      recordSummary: assign(({ event }) => (event.type === 'signal.done' ? { summary: event.summary } : {})),
      remind: assign(({ context }) => ({ reminded: true, attempt: context.attempt + 1 })),
      recordFailure: assign(({ context, event }) => {
        const failed = event as AgentFailedEvent;
        return {
          failure: { outcome: failed.outcome, kind: failed.kind, message: failed.message },
          attempt: failed.kind === 'transient' ? context.attempt + 1 : context.attempt,
        };
      }),
      recordSuspension: assign(({ event }) => {
        const limited = event as AgentLimitedEvent;
        return {
          suspension: {
            waitMs: limited.waitMs,
            message: limited.message,
            ...(limited.resetsAt ? { resetsAt: limited.resetsAt } : {}),
          },
        };
      }),
      failSuspensionTooLong: assign(({ event }) => ({
        failure: {
          outcome: 'usage_limit',
          kind: 'fatal' as const,
          message: explainSuspensionTooLong(event as AgentLimitedEvent, settings.maxSuspendMs),
        },
      })),
      grantBudgetIfSpent: assign(({ context }, params: From) =>
        remainingBudget(context, params.phase, settings.budgets) > 0
          ? {}
          : {
              allowance: {
                ...context.allowance,
                [params.phase]: context.allowance[params.phase] + settings.budgets[params.phase],
              },
            },
      ),
      clearPark: assign(() => ({ ...clearPark, attempt: 1, reminded: false })),
    },
  });

  type Transition = Record<string, unknown>;
  const phaseId = (phase: Phase) => `#samocode.${phase}`;

  /** Moving into `to` (after `guard` matched), with a budget check when `to` may have spent iterations. */
  const enter = (from: Phase, to: Phase, guard: unknown, actions: unknown[]): Transition[] => {
    const into = to === from ? { target: `${phaseId(to)}.running`, reenter: true } : { target: phaseId(to) };
    if (!isBudgetChecked(registry, from, to)) return [{ guard, ...into, actions }];
    return [
      {
        guard: and([guard as never, { type: 'hasBudget', params: { phase: to, spending: from } }]),
        ...into,
        actions,
      },
      {
        guard,
        target: `${phaseId(to)}.blocked`,
        actions: [...actions, { type: 'blockBudget', params: { phase: to } }],
      },
    ];
  };

  const phaseState = (phase: Phase) => {
    const spec = registry[phase];
    const from = { phase };
    const spendIt = { type: 'spendIteration', params: from };
    const reject = { target: 'blocked', actions: [{ type: 'rejectSignal', params: from }] };
    const hasHumanWait =
      spec.signals.includes('waiting') && spec.waits.some((wait) => wait !== spec.approval?.wait);

    const continueMoves: Transition[] = [];
    if (spec.signals.includes('continue')) {
      for (const to of [phase, ...spec.next]) {
        const guard = { type: 'isContinueTo', params: { from: phase, to } };
        if (to !== phase && spec.approval) {
          continueMoves.push(
            ...enter(phase, to, and([guard as never, 'isAutoApprove']), [spendIt, 'markAutoApproved']),
            {
              guard,
              target: 'awaitingApproval',
              actions: [spendIt, { type: 'setPending', params: { target: to } }],
            },
          );
        } else {
          continueMoves.push(...enter(phase, to, guard, [spendIt]));
        }
      }
    }

    const waitMoves: Transition[] = [];
    if (spec.signals.includes('waiting')) {
      for (const wait of spec.waits) {
        const guard = { type: 'isWaitFor', params: { from: phase, for: wait } };
        if (spec.approval?.wait === wait) {
          const to = spec.approval.to;
          waitMoves.push(
            ...enter(phase, to, and([guard as never, 'isAutoApprove']), [spendIt, 'markAutoApproved']),
            {
              guard,
              target: 'awaitingApproval',
              actions: [spendIt, 'recordWaiting', { type: 'setPending', params: { target: to } }],
            },
          );
        } else {
          waitMoves.push({ guard, target: 'awaitingHuman', actions: [spendIt, 'recordWaiting'] });
        }
      }
    }

    const blockedMoves: Transition[] = spec.signals.includes('blocked')
      ? [
          {
            guard: { type: 'staysIn', params: from },
            target: 'blocked',
            actions: [{ type: 'recordAgentBlock', params: from }],
          },
        ]
      : [];

    const doneMoves: Transition[] =
      phase === TERMINAL_PHASE && spec.signals.includes('done')
        ? [
            {
              guard: { type: 'staysIn', params: from },
              target: '#samocode.completed',
              actions: [spendIt, 'recordSummary'],
            },
          ]
        : [];

    const approveMoves: Transition[] = spec.next.flatMap((to) =>
      enter(phase, to, { type: 'isPendingTarget', params: { target: to } }, ['clearPark']),
    );

    return {
      initial: 'running',
      states: {
        running: {
          invoke: {
            id: 'provider',
            src: 'provider',
            input: ({ context }: { context: WorkflowContext }): ProviderInput => ({
              phase,
              iteration: context.totalIterations + 1,
              attempt: context.attempt,
              reminder: context.reminded,
            }),
          },
          on: {
            'signal.continue': [...continueMoves, reject],
            'signal.waiting': [...waitMoves, reject],
            'signal.blocked': [...blockedMoves, reject],
            'signal.done': [...doneMoves, reject],
            'signal.invalid': [reject],
            'agent.noSignal': [
              { guard: and(['canRemind', 'hasAttemptsLeft']), target: 'retrying', actions: 'remind' },
              { target: 'blocked', actions: [{ type: 'blockNoSignal', params: from }] },
            ],
            'agent.failed': [
              {
                guard: and(['isTransient', 'hasAttemptsLeft']),
                target: 'retrying',
                actions: 'recordFailure',
              },
              { target: 'failed', actions: 'recordFailure' },
            ],
            'agent.limited': [
              { guard: 'isWithinSuspendCap', target: 'suspended', actions: 'recordSuspension' },
              { target: 'failed', actions: 'failSuspensionTooLong' },
            ],
          },
        },
        // Delayed transitions are not restored from a persisted snapshot, so a later run sends `resume`.
        retrying: { after: { retryBackoff: 'running' }, on: { resume: 'running' } },
        suspended: { after: { usageLimitWait: 'running' }, on: { resume: 'running' } },
        ...(hasHumanWait
          ? {
              awaitingHuman: {
                on: {
                  resume: [
                    { guard: { type: 'hasBudget', params: from }, target: 'running', actions: 'clearPark' },
                    { target: 'blocked', actions: [{ type: 'blockBudget', params: from }] },
                  ],
                },
              },
            }
          : {}),
        ...(spec.approval ? { awaitingApproval: { on: { approve: approveMoves } } } : {}),
        blocked: {
          on: {
            resume: {
              target: 'running',
              actions: [{ type: 'grantBudgetIfSpent', params: from }, 'clearPark'],
            },
          },
        },
        failed: { on: { resume: { target: 'running', actions: 'clearPark' } } },
      },
    };
  };

  const states = Object.fromEntries([
    ...PHASES.map((phase) => [phase, phaseState(phase)]),
    ['completed', { type: 'final' }],
  ]);

  return machineSetup.createMachine({
    id: 'samocode',
    initial: INITIAL_PHASE,
    context: initialContext,
    // Built from data, so the literal state typing is lost here; tests check the graph instead.
    states: states as Record<string, object>,
  });
}

export type Workflow = ReturnType<typeof buildWorkflow>;
