/** Records for the store tests: a real persisted snapshot of the machine, and history rows as the runner writes them. */
import { createActor } from 'xstate';
import { PHASE_REGISTRY } from '../../machines/phases.js';
import { buildWorkflow } from '../../machines/workflow.js';
import { type JsonObject, JsonObjectSchema } from '../../src/store/json.js';

const initial = JsonObjectSchema.parse(
  JSON.parse(JSON.stringify(createActor(buildWorkflow(PHASE_REGISTRY)).getPersistedSnapshot())),
);

/** The machine's initial snapshot with `totalIterations` set to `n`, so each one differs. */
export function sampleSnapshot(n: number): JsonObject {
  const context = JsonObjectSchema.parse(initial.context);
  return { ...initial, context: { ...context, totalIterations: n } };
}

export function sampleRow(iteration: number, outcome = 'success'): JsonObject {
  return {
    v: 1,
    time: new Date(Date.UTC(2026, 11, 7, 12, 0, iteration)).toISOString(),
    iteration,
    sourcePhase: 'init',
    rawSignal: null,
    event: 'signal.continue',
    target: 'investigation',
    accepted: true,
    rejection: null,
    state: 'investigation.running',
    outcome,
    attempts: 1,
    durationMs: 1200 + iteration,
    tokens: { input: 10, output: 20 },
    costUsd: 0.01,
    provider: 'claude',
    model: 'opus',
  };
}

/** The totalIterations a stored snapshot carries (what `sampleSnapshot(n)` put there). */
export function iterationsOf(snapshot: JsonObject | undefined): unknown {
  const context = JsonObjectSchema.safeParse(snapshot?.context);
  return context.success ? context.data.totalIterations : undefined;
}
