/** Pure questions about the registry's phase graph, and its consistency check. */
import {
  PHASES,
  type Phase,
  type PhaseRegistry,
  SIGNAL_STATUSES,
  TERMINAL_PHASE,
  VERIFY_RETURN_PHASE,
  WAIT_REASONS,
} from './phases.js';

/**
 * The phases the machine can move to from `phase`: the registry's next phases, and from the
 * terminal phase the one a failed verification returns to (the edge exists whether or not a
 * verify command is configured; a guard decides whether it is taken).
 */
export function machineNext(registry: PhaseRegistry, phase: Phase): readonly Phase[] {
  return phase === TERMINAL_PHASE ? [...registry[phase].next, VERIFY_RETURN_PHASE] : registry[phase].next;
}

/** Whether `to` can be reached from `from` by one or more moves between phases. */
export function canReach(registry: PhaseRegistry, from: Phase, to: Phase): boolean {
  const seen = new Set<Phase>();
  const queue: Phase[] = [...machineNext(registry, from)];
  while (queue.length > 0) {
    const phase = queue.shift() as Phase;
    if (phase === to) return true;
    if (seen.has(phase)) continue;
    seen.add(phase);
    queue.push(...machineNext(registry, phase));
  }
  return false;
}

/**
 * A move into `to` needs a budget check when `to` may already have spent iterations:
 * staying, or re-entering a phase that lies on a cycle through `from` (a failed verification
 * makes every phase between the return phase and the terminal one such a cycle).
 */
export function isBudgetChecked(registry: PhaseRegistry, from: Phase, to: Phase): boolean {
  return from === to || canReach(registry, to, from);
}

/** Every inconsistency in a registry; empty when it is sound. */
export function validateRegistry(registry: PhaseRegistry): string[] {
  const problems: string[] = [];
  for (const phase of PHASES) {
    const spec = registry[phase];
    const where = `phase '${phase}'`;
    for (const next of spec.next) {
      if (!PHASES.includes(next)) problems.push(`${where}: unknown next phase '${next}'`);
      if (next === phase) problems.push(`${where}: lists itself as a next phase (staying is implicit)`);
    }
    for (const status of spec.signals) {
      if (!SIGNAL_STATUSES.includes(status)) problems.push(`${where}: unknown signal '${status}'`);
    }
    for (const wait of spec.waits) {
      if (!WAIT_REASONS.includes(wait)) problems.push(`${where}: unknown wait '${wait}'`);
    }
    if (spec.waits.length > 0 && !spec.signals.includes('waiting')) {
      problems.push(`${where}: has waits but does not allow the 'waiting' signal`);
    }
    if (spec.waits.length === 0 && spec.signals.includes('waiting')) {
      problems.push(`${where}: allows 'waiting' but lists no wait reasons`);
    }
    if (spec.signals.includes('done') !== (phase === TERMINAL_PHASE)) {
      problems.push(`${where}: 'done' must be allowed in '${TERMINAL_PHASE}' and nowhere else`);
    }
    if (!spec.signals.includes('blocked')) problems.push(`${where}: must allow 'blocked'`);
    if (!Number.isInteger(spec.maxIterations) || spec.maxIterations < 1) {
      problems.push(`${where}: maxIterations must be a whole number of at least 1`);
    }
    if (spec.approval) {
      if (!spec.waits.includes(spec.approval.wait)) {
        problems.push(`${where}: approval wait '${spec.approval.wait}' is not one of its waits`);
      }
      if (!spec.next.includes(spec.approval.to)) {
        problems.push(`${where}: approval target '${spec.approval.to}' is not one of its next phases`);
      }
    }
    if (!/^[a-z-]+-agent$/.test(spec.agent))
      problems.push(`${where}: agent name '${spec.agent}' is malformed`);
  }
  if (registry[TERMINAL_PHASE].next.length > 0)
    problems.push(`phase '${TERMINAL_PHASE}' must have no next phase`);
  return problems;
}
