/**
 * Generated paths through the session machine: edge-aware shortest paths, one traversal per
 * configuration class that a guard branches on, context abstracted to what guards read.
 */

import { getShortestPaths } from '@xstate/graph';
import type { AnyMachineSnapshot, AnyStateNode, EventObject } from 'xstate';
import { emptySpendBook, overSpend, spendAdd } from '../budget.js';
import type { WorkflowEvent } from '../events.js';
import {
  BLOCK_NEEDS,
  mapPhases,
  PHASES,
  type Phase,
  type PhaseRegistry,
  TERMINAL_PHASE,
  VERIFY_RETURN_PHASE,
  WAIT_REASONS,
} from '../phases.js';
import { isStuck, nextProgress } from '../progress.js';
import type { Receipt } from '../receipt.js';
import { isBudgetChecked, machineNext } from '../registry-graph.js';
import {
  buildWorkflow,
  defaultSettings,
  initialContext,
  remainingBudget,
  type Workflow,
  type WorkflowContext,
  type WorkflowSettings,
} from '../workflow.js';
import { allStateNodes } from './edges.js';
import { edgeAwareSerializer } from './serializer.js';

/** A configuration a guard branches on, and where a traversal starts (a restored state, or the initial one). */
export interface TraversalClass {
  readonly name: string;
  readonly settings: WorkflowSettings;
  readonly start?: { readonly value: Record<string, string>; readonly context: WorkflowContext };
}

/**
 * Small budgets and attempts: covering an edge needs "below the limit" and "at the limit" only.
 * `restored-at-gate` starts where a later `--auto-approve` run finds a session parked at the gate.
 */
export function traversalClasses(registry: PhaseRegistry): TraversalClass[] {
  const base = defaultSettings(registry);
  const budgets = mapPhases(() => 2);
  // A session cost cap: the `over-budget-*` classes start with the spend already past it, in each
  // phase, so every move that would start an iteration there meets the spend guard's other branch.
  const caps = { session: { costUsd: 1.5 }, phases: {} };
  const overSpent = (phase: Phase) => ({
    ...initialContext(),
    spend: spendAdd(emptySpendBook(), phase, { costUsd: 2, tokens: 0, ms: 0 }),
  });
  const small = { ...base, maxAttempts: 2, maxSuspendMs: 60_000, budgets, caps, noProgressIterations: 0 };
  const gated = PHASES.find((phase) => registry[phase].approval !== undefined);
  const gate = gated === undefined ? undefined : registry[gated].approval;
  return [
    { name: 'gated', settings: { ...small, autoApprove: false } },
    { name: 'auto-approve', settings: { ...small, autoApprove: true } },
    { name: 'once', settings: { ...small, autoApprove: true, once: true } },
    { name: 'verify', settings: { ...small, autoApprove: true, verify: true } },
    // A fallback provider: the long limit (1 h) moves to it, the short one (1 s) waits. Every event
    // carries the same time, so the fallback lasts the whole traversal and a limit on it meets both
    // of its branches. Budgets and attempts of one: the other classes cover their edges; this one
    // only needs every phase.
    {
      name: 'fallback',
      settings: {
        ...small,
        budgets: mapPhases(() => 1),
        maxAttempts: 1,
        autoApprove: true,
        fallbackAfterMs: 60_000,
      },
    },
    // The no-progress rule at its tightest: a `continue` with a progress mark is one iteration too many.
    { name: 'no-progress', settings: { ...small, autoApprove: true, noProgressIterations: 1 } },
    // An escalation model: a block, a failure or a failed verify a stronger model could change runs once more on it.
    { name: 'escalate', settings: { ...small, autoApprove: true, verify: true, escalate: true } },
    {
      name: 'escalate-once',
      settings: { ...small, autoApprove: true, verify: true, escalate: true, once: true },
    },
    { name: 'verify-once', settings: { ...small, autoApprove: true, verify: true, once: true } },
    // Failed verifications sent the session back so often that the terminal phase spent its budget.
    {
      name: 'terminal-spent',
      settings: { ...small, autoApprove: true },
      start: {
        value: { [VERIFY_RETURN_PHASE]: 'running' },
        context: {
          ...initialContext(),
          iterations: { ...initialContext().iterations, [TERMINAL_PHASE]: budgets[TERMINAL_PHASE] },
        },
      },
    },
    ...(gated && gate
      ? [
          {
            name: 'restored-at-gate',
            settings: { ...small, autoApprove: true },
            start: {
              value: { [gated]: 'awaitingApproval' },
              context: { ...initialContext(), pendingTarget: gate.to },
            },
          },
          {
            name: 'over-budget-at-gate',
            settings: { ...small, autoApprove: true },
            start: {
              value: { [gated]: 'awaitingApproval' },
              context: { ...overSpent(gated), pendingTarget: gate.to },
            },
          },
        ]
      : []),
    {
      name: 'over-budget-verifying',
      settings: { ...small, autoApprove: true, verify: true },
      start: { value: { [TERMINAL_PHASE]: 'verifying' }, context: overSpent(TERMINAL_PHASE) },
    },
    // A session saved while its `done` was being verified, restored by a run with no verify command.
    {
      name: 'verifying-without-verify',
      settings: { ...small, autoApprove: true },
      start: { value: { [TERMINAL_PHASE]: 'verifying' }, context: initialContext() },
    },
    // Auto-approval only changes the moves of a gated phase.
    ...PHASES.flatMap((phase) =>
      (registry[phase].approval ? [false, true] : [false]).map((autoApprove) => ({
        name: `over-budget-${phase}${autoApprove ? '-auto' : ''}`,
        settings: { ...small, autoApprove },
        start: { value: { [phase]: 'running' }, context: overSpent(phase) },
      })),
    ),
  ];
}

const SAMPLE_RECEIPT: Receipt = {
  command: 'npm test',
  exitCode: 0,
  durationMs: 1,
  timedOut: false,
  head: 'abc',
  clean: true,
  uncommitted: 0,
  commitsBeyondBase: 1,
  tail: '',
  logFile: '_logs/001-verify.log',
};

/** The progress mark of the traversal's marked `continue` (one mark: every such iteration changed nothing). */
const SAME_MARK = 'unchanged';

/** Every event variant the traversal tries in every state. */
export function eventVariants(workflow: Workflow, settings?: WorkflowSettings): WorkflowEvent[] {
  const targets: (Phase | undefined)[] = [undefined, ...PHASES];
  const withTarget = <T extends object>(event: T) =>
    targets.map((target) => (target === undefined ? event : { ...event, target }));
  const afterEvents = allStateNodes(workflow.root)
    .flatMap((node) => [...node.transitions.keys()])
    .filter((type) => type.startsWith('xstate.after.'));
  return [
    ...withTarget({ type: 'signal.continue' as const }),
    ...((settings?.noProgressIterations ?? 0) > 0
      ? [{ type: 'signal.continue' as const, progressMark: SAME_MARK }]
      : []),
    ...WAIT_REASONS.flatMap((wait) => withTarget({ type: 'signal.waiting' as const, for: wait })),
    ...withTarget({ type: 'signal.blocked' as const, reason: 'stuck', needs: BLOCK_NEEDS[0] }),
    // What a stronger model could change: an error the agent could not resolve, a timeout.
    ...(settings?.escalate
      ? [
          { type: 'signal.blocked' as const, reason: 'stuck', needs: 'error_resolution' as const },
          {
            type: 'agent.failed' as const,
            kind: 'transient' as const,
            outcome: 'timeout',
            message: 'timed out',
          },
        ]
      : []),
    ...withTarget({ type: 'signal.done' as const, summary: 'finished' }),
    { type: 'signal.invalid', problem: 'not JSON' },
    { type: 'agent.noSignal' },
    { type: 'agent.failed', kind: 'transient', outcome: 'rate_limited', message: '429' },
    { type: 'agent.failed', kind: 'fatal', outcome: 'auth', message: '401' },
    { type: 'agent.limited', waitMs: 1_000, message: 'limit', at: 0 },
    { type: 'agent.limited', waitMs: 3_600_000, message: 'limit', at: 0 },
    { type: 'approve' },
    { type: 'resume' },
    { type: 'resume', rejection: 'revise the plan' },
    { type: 'verify.passed', receipt: SAMPLE_RECEIPT },
    { type: 'verify.failed', receipt: { ...SAMPLE_RECEIPT, exitCode: 1 } },
    ...afterEvents.map((type) => ({ type }) as unknown as WorkflowEvent),
  ] as WorkflowEvent[];
}

export function currentPhase(snapshot: AnyMachineSnapshot): Phase | undefined {
  const value = snapshot.value;
  const key = typeof value === 'string' ? value : Object.keys(value as object)[0];
  return PHASES.find((phase) => phase === key);
}

/**
 * Keeps only what guards read: attempt, reminder, pending target, budgets that can still matter,
 * spend over a cap, whether attempts run on the fallback provider, whether a marked
 * `continue` would be one without progress too many, and which phase's visit has escalated.
 */
export function abstractContext(registry: PhaseRegistry, settings: WorkflowSettings) {
  return (snapshot: AnyMachineSnapshot): unknown => {
    const context = snapshot.context as WorkflowContext;
    const phase = currentPhase(snapshot);
    if (!phase) return null;
    // A failed verification re-enters the return phase from the terminal one: its budget matters there too.
    const relevant = [phase, ...machineNext(registry, phase)].filter((to) =>
      isBudgetChecked(registry, phase, to),
    );
    return {
      a: context.attempt,
      r: context.reminded,
      p: context.pendingTarget ?? null,
      b: relevant.map((to) => remainingBudget(context, to, settings.budgets)),
      s: overSpend(settings.caps, context.granted, context.spend, phase) !== undefined,
      f: context.provider ?? null,
      u: context.fallbackUntil !== undefined,
      n: isStuck(nextProgress(context.progress, SAME_MARK, phase), settings.noProgressIterations),
      e: context.escalatedIn ?? null,
    };
  };
}

/** The state nodes active in a snapshot, from the root down to each leaf. */
export function activeNodes(workflow: Workflow, snapshot: AnyMachineSnapshot): AnyStateNode[] {
  const ids: string[] = [];
  const walk = (prefix: string, value: unknown): void => {
    if (typeof value === 'string') {
      ids.push(`${prefix}.${value}`);
      return;
    }
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      ids.push(`${prefix}.${key}`);
      walk(`${prefix}.${key}`, child);
    }
  };
  walk(workflow.id, snapshot.value);
  return [workflow.root, ...ids.map((id) => workflow.getStateNodeById(id))];
}

export interface GeneratedPath {
  readonly className: string;
  /** The snapshot the path starts from, when its class starts from a restored state. */
  readonly start?: AnyMachineSnapshot;
  readonly settings: WorkflowSettings;
  readonly workflow: Workflow;
  readonly steps: ReadonlyArray<{ readonly state: AnyMachineSnapshot; readonly event: EventObject }>;
  readonly state: AnyMachineSnapshot;
}

/** What `generatePaths` reports after each traversal class (a long run shows where it is). */
export interface ClassDone {
  readonly name: string;
  /** 1-based position among the classes, and how many there are. */
  readonly index: number;
  readonly of: number;
  readonly paths: number;
}

/** Paths for every traversal class; throws "Traversal limit exceeded" if the graph blows up. */
export function generatePaths(
  registry: PhaseRegistry,
  limit = 200_000,
  onClass: (done: ClassDone) => void = () => undefined,
): GeneratedPath[] {
  const all: GeneratedPath[] = [];
  const classes = traversalClasses(registry);
  for (const [index, { name, settings, start }] of classes.entries()) {
    const workflow = buildWorkflow(registry, settings);
    const fromState = start ? workflow.resolveState(start) : undefined;
    const variants = eventVariants(workflow, settings);
    // Offer each state only the event types it handles: same edges, far fewer dead expansions.
    const events = (snapshot: AnyMachineSnapshot): WorkflowEvent[] => {
      const handled = new Set(activeNodes(workflow, snapshot).flatMap((node) => node.ownEvents));
      return variants.filter((event) => handled.has(event.type));
    };
    const paths = getShortestPaths(workflow, {
      events,
      limit,
      ...(fromState ? { fromState } : {}),
      serializeState: edgeAwareSerializer(workflow, abstractContext(registry, settings)),
    });
    for (const path of paths) {
      all.push({
        className: name,
        ...(fromState ? { start: fromState } : {}),
        settings,
        workflow,
        steps: path.steps,
        state: path.state,
      });
    }
    onClass({ name, index: index + 1, of: classes.length, paths: paths.length });
  }
  return all;
}
