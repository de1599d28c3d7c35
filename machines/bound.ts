/**
 * The worst case the machine allows from a given state before it must stop for a human:
 * iterations per phase and in total (the testing ⇄ quality loop included: each phase of a loop
 * is held to its own iteration budget), provider attempts and wall time. Pure; `samocode plan`
 * prints it and a property test checks that no generated path exceeds it.
 *
 * attempts ≤ (iterations + 1) × maxAttempts + 1 (+ 1)   (the +1 iteration: one that fails without
 *            counting; the +1 attempt: the retry after a usage-limit wait, which spends no attempt;
 *            with a fallback provider, + 1: the attempt that moves to it at once after a long limit)
 * wall     ≤ attempts × timeout + (iterations + 1) × backoff per iteration + longest suspension
 *
 * With an escalation model, some of a phase's iterations may run on it (they count against the
 * same budget): at most one per visit, so one in a phase the session cannot come back to, and up to
 * every iteration of a phase it can loop back into (testing ⇄ quality, a failed verify's return).
 *
 * @example
 * const bound = buildBound({ registry: PHASE_REGISTRY, settings: defaultSettings(PHASE_REGISTRY),
 *   timeoutMs: 1_800_000, from: { phase: 'init', sub: 'running' }, context: initialContext() });
 * bound.iterations; // 178: every phase's budget
 */
import { PHASES, type Phase, type PhaseRegistry, TERMINAL_PHASE, VERIFY_RETURN_PHASE } from './phases.js';
import type { StateOf } from './sub-states.js';
import { backoffMs, type WorkflowContext, type WorkflowSettings } from './workflow.js';

export interface BoundInput {
  readonly registry: PhaseRegistry;
  readonly settings: WorkflowSettings;
  /** The provider's per-attempt timeout. */
  readonly timeoutMs: number;
  /** Where the session is: a phase and its sub-state, or `completed`. */
  readonly from: StateOf;
  readonly context: Pick<WorkflowContext, 'iterations' | 'allowance' | 'escalation' | 'escalatedIn'>;
}

export interface Bound {
  readonly perPhase: Readonly<Record<Phase, number>>;
  /** Of `perPhase`, the iterations that may run on the escalation model (0 without one). */
  readonly escalations: Readonly<Record<Phase, number>>;
  readonly iterations: number;
  readonly attempts: number;
  /** Backoff of one iteration that uses every attempt (jitter at its largest). */
  readonly backoffPerIterationMs: number;
  readonly longestSuspensionMs: number;
  readonly wallMs: number;
}

/** Backoff waits of one iteration that fails every attempt but the last. */
export function backoffPerIteration(settings: WorkflowSettings): number {
  let total = 0;
  for (let attempt = 2; attempt <= settings.maxAttempts; attempt += 1) {
    total += backoffMs(attempt, settings.retryDelayMs, 1);
  }
  return total;
}

export function buildBound(input: BoundInput): Bound {
  const { registry, settings, from, context } = input;
  // A failed verification of `done` goes back to the verify return phase: one more edge of the graph.
  const reachable = (start: Phase): Set<Phase> => {
    const seen = new Set<Phase>([start]);
    const queue: Phase[] = [start];
    while (queue.length > 0) {
      const phase = queue.shift() as Phase;
      const next = [
        ...registry[phase].next,
        ...(settings.verify && phase === TERMINAL_PHASE ? [VERIFY_RETURN_PHASE] : []),
      ];
      for (const to of next) {
        if (!seen.has(to)) {
          seen.add(to);
          queue.push(to);
        }
      }
    }
    return seen;
  };
  const current = PHASES.find((phase) => phase === from.phase);
  const perPhase = Object.fromEntries(
    PHASES.map((phase) => {
      const isReachable = current !== undefined && reachable(current).has(phase);
      if (!isReachable) return [phase, 0];
      let left = settings.budgets[phase] + context.allowance[phase] - context.iterations[phase];
      // Running again resumes a budget block with a fresh budget (the machine's grantBudgetIfSpent).
      if (phase === current && from.sub === 'blocked' && left <= 0) left += settings.budgets[phase];
      return [phase, Math.max(0, left)];
    }),
  ) as Record<Phase, number>;
  const iterations = PHASES.reduce((sum, phase) => sum + perPhase[phase], 0);
  const isRevisitable = (phase: Phase): boolean =>
    [...reachable(phase)].some((other) => other !== phase && reachable(other).has(phase));
  const escalations = Object.fromEntries(
    PHASES.map((phase) => {
      if (!settings.escalate || perPhase[phase] === 0) return [phase, 0];
      if (isRevisitable(phase)) return [phase, perPhase[phase]];
      // The visit the session is in has used its escalation, unless that escalated iteration is still to run.
      const isSpent = phase === current && context.escalatedIn === phase && context.escalation === undefined;
      return [phase, isSpent ? 0 : 1];
    }),
  ) as Record<Phase, number>;
  const isOver = current === undefined;
  const fallbackAttempt = settings.fallbackAfterMs === undefined ? 0 : 1;
  const attempts = isOver ? 0 : (iterations + 1) * settings.maxAttempts + 1 + fallbackAttempt;
  const backoffPerIterationMs = backoffPerIteration(settings);
  const longestSuspensionMs = isOver ? 0 : settings.maxSuspendMs;
  const wallMs = isOver
    ? 0
    : attempts * input.timeoutMs + (iterations + 1) * backoffPerIterationMs + longestSuspensionMs;
  return { perPhase, escalations, iterations, attempts, backoffPerIterationMs, longestSuspensionMs, wallMs };
}
