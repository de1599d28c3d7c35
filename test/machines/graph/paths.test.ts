import { describe, expect, it } from 'vitest';
import { createActor, fromCallback } from 'xstate';
import { buildBound } from '../../../machines/bound.js';
import type { WorkflowEvent } from '../../../machines/events.js';
import { coverageOf, unionCoverage } from '../../../machines/graph/coverage.js';
import {
  abstractContext,
  activeNodes,
  eventVariants,
  generatePaths,
  traversalClasses,
} from '../../../machines/graph/paths.js';
import { stateOfValue } from '../../../machines/sub-states.js';
import { backoffMs, type ProviderInput, type WorkflowContext } from '../../../machines/workflow.js';
import { registryUnderTest } from '../../helpers/registry-mutations.js';
import { manualClock } from '../../helpers/workflow-harness.js';

const registry = registryUnderTest();
const started = performance.now();
const paths = generatePaths(registry, 100_000);
const elapsedMs = performance.now() - started;
const classes = traversalClasses(registry).map(({ name }) => name);

// Thousands of paths: generous per-test time for a loaded machine; no assertion is on time.
describe('generated paths', { timeout: 300_000 }, () => {
  it('cover every transition of the machine', () => {
    const parts = classes.map((name) => {
      const own = paths.filter((path) => path.className === name);
      const first = own[0];
      if (!first) throw new Error(`no paths for class ${name}`);
      return coverageOf(first.workflow, own);
    });
    const coverage = unionCoverage(parts);
    console.log(
      `transition coverage ${coverage.covered}/${coverage.total} from ${paths.length} paths over ${classes.length} classes in ${elapsedMs.toFixed(0)} ms`,
    );
    expect(coverage.missed).toEqual([]);
    expect(coverage.covered).toBe(coverage.total);
  });

  it('replay on a live actor with a fake provider and end where predicted', () => {
    const mismatches: string[] = [];
    for (const path of paths) {
      const provider = fromCallback<WorkflowEvent, ProviderInput>(() => undefined);
      const actor = createActor(path.workflow.provide({ actors: { provider } }), {
        clock: manualClock(),
        ...(path.start ? { snapshot: path.start } : {}),
      }).start();
      for (const step of path.steps.slice(1)) actor.send(step.event as WorkflowEvent);
      const snapshot = actor.getSnapshot();
      // The prediction is the path's vertex: the state value plus the context guards read.
      const abstract = abstractContext(registry, path.settings);
      const same =
        JSON.stringify(snapshot.value) === JSON.stringify(path.state.value) &&
        JSON.stringify(abstract(snapshot)) === JSON.stringify(abstract(path.state)) &&
        snapshot.status === path.state.status;
      if (!same) {
        mismatches.push(`${path.className}: ${path.steps.map((step) => step.event.type).join(' > ')}`);
      }
      actor.stop();
    }
    expect(mismatches).toEqual([]);
    expect(paths.length).toBeGreaterThan(100);
  });
});

describe('the worst-case bound', () => {
  const TIMEOUT_MS = 1000;
  const isHuman = (type: string) => type === 'approve' || type === 'resume';
  type Snap = { value: unknown; context: WorkflowContext };

  /**
   * Replays a path on a live actor (path vertices hold abstracted context, live snapshots the
   * real one), then walks on with `extra` random events the state handles, so that budgets and
   * attempts run out the way shortest paths never make them.
   */
  function replay(path: (typeof paths)[number], seed: number, extra: number) {
    const provider = fromCallback<WorkflowEvent, ProviderInput>(() => undefined);
    const actor = createActor(path.workflow.provide({ actors: { provider } }), {
      clock: manualClock(),
    }).start();
    const moves: { event: string; before: Snap; after: Snap }[] = [];
    const send = (event: WorkflowEvent) => {
      const before = actor.getSnapshot();
      actor.send(event);
      moves.push({ event: event.type, before, after: actor.getSnapshot() });
    };
    for (const step of path.steps.slice(1)) send(step.event as WorkflowEvent);
    const variants = eventVariants(path.workflow);
    const choicesByState = new Map<string, WorkflowEvent[]>();
    let state = seed;
    const random = () => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state / 2_147_483_648;
    };
    for (let step = 0; step < extra && actor.getSnapshot().status === 'active'; step += 1) {
      const snapshot = actor.getSnapshot();
      const key = JSON.stringify(snapshot.value);
      let choices = choicesByState.get(key);
      if (!choices) {
        const handled = new Set(activeNodes(path.workflow, snapshot).flatMap((node) => node.ownEvents));
        choices = variants.filter((event) => handled.has(event.type));
        choicesByState.set(key, choices);
      }
      const choice = choices[Math.floor(random() * choices.length)];
      if (!choice) break;
      send(choice);
    }
    actor.stop();
    return moves;
  }

  it('holds on every generated path: iterations per phase and in total, escalations, attempts and wall time', () => {
    const over: string[] = [];
    // Every path is long in time to replay on a loaded machine: walk on from a fixed sample of them.
    const sample = paths.filter((_, index) => index % 4 === 0);
    for (const [index, path] of sample.entries()) {
      const moves = replay(path, index + 1, 60);
      const label = path.steps.map((step) => step.event.type).join(' > ');
      // Between two human events the machine runs on its own; the bound is taken where each stretch starts.
      let start: Snap | undefined = moves[0]?.before;
      let perPhase: Record<string, number> = {};
      let escalated: Record<string, number> = {};
      let attempts = start && stateOfValue(start.value).sub === 'running' ? 1 : 0;
      let waitedMs = 0;
      const check = () => {
        if (!start) return;
        const bound = buildBound({
          registry,
          settings: path.settings,
          timeoutMs: TIMEOUT_MS,
          from: stateOfValue(start.value),
          context: start.context,
        });
        const limits: Record<string, number> = bound.perPhase;
        const iterations = Object.values(perPhase).reduce((sum, n) => sum + n, 0);
        const overPhase = Object.entries(perPhase).some(([phase, n]) => n > (limits[phase] ?? 0));
        const escalations: Record<string, number> = bound.escalations;
        const overEscalated = Object.entries(escalated).some(([phase, n]) => n > (escalations[phase] ?? 0));
        const wallMs = attempts * TIMEOUT_MS + waitedMs;
        if (
          overPhase ||
          overEscalated ||
          iterations > bound.iterations ||
          attempts > bound.attempts ||
          wallMs > bound.wallMs
        ) {
          over.push(`${label}: ${JSON.stringify({ perPhase, escalated, attempts, wallMs, bound })}`);
        }
      };
      for (const { event, before, after } of moves) {
        if (isHuman(event)) {
          check();
          start = before;
          perPhase = {};
          escalated = {};
          attempts = 0;
          waitedMs = 0;
        }
        const was = stateOfValue(before.value);
        const now = stateOfValue(after.value);
        const spent = after.context.totalIterations - before.context.totalIterations;
        if (spent > 0) perPhase[was.phase] = (perPhase[was.phase] ?? 0) + spent;
        // An escalation starts: the next iteration runs on the escalation model.
        const isEscalation =
          after.context.escalation !== undefined && (before.context.escalation === undefined || spent > 0);
        if (isEscalation && now.sub !== undefined) escalated[now.phase] = (escalated[now.phase] ?? 0) + 1;
        // A long usage limit with a fallback re-enters `running`: the attempt on the fallback.
        const isNewAttempt =
          was.sub !== 'running' || event.startsWith('signal.') || event === 'agent.limited';
        if (now.sub === 'running' && isNewAttempt) attempts += 1;
        if (was.sub === 'retrying' && event.startsWith('xstate.after.')) {
          waitedMs += backoffMs(before.context.attempt, path.settings.retryDelayMs, 1);
        }
        if (was.sub === 'suspended' && event.startsWith('xstate.after.')) {
          waitedMs += before.context.suspension?.waitMs ?? 0;
        }
      }
      check();
    }
    expect(over).toEqual([]);
    expect(sample.length).toBeGreaterThan(100);
  }, 180_000);
});
