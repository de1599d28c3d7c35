/**
 * The machine's shape does not depend on the run's settings: the same states, tags and transitions
 * with or without a verify command, a fallback provider, `--once`, `--auto-approve` or the
 * no-progress rule. So a session saved under one setting restores under any other; here, one saved
 * while its `done` was verified and restored by a run with no verify command.
 */
import { describe, expect, it } from 'vitest';
import { createActor, fromCallback, type Snapshot } from 'xstate';
import type { WorkflowEvent } from '../../machines/events.js';
import { allEdges, allStateNodes } from '../../machines/graph/edges.js';
import { PHASE_REGISTRY } from '../../machines/phases.js';
import type { VerifyInput } from '../../machines/receipt.js';
import {
  buildWorkflow,
  defaultSettings,
  initialContext,
  type WorkflowSettings,
} from '../../machines/workflow.js';

const base = defaultSettings(PHASE_REGISTRY);
const VARIANTS: Readonly<Record<string, WorkflowSettings>> = {
  default: base,
  verify: { ...base, verify: true },
  fallback: { ...base, fallbackAfterMs: 60_000 },
  'verify and fallback': { ...base, verify: true, fallbackAfterMs: 60_000 },
  'once, auto-approve, no-progress off': { ...base, once: true, autoApprove: true, noProgressIterations: 0 },
};

function shapeOf(settings: WorkflowSettings) {
  const machine = buildWorkflow(PHASE_REGISTRY, settings);
  return {
    states: allStateNodes(machine.root).map((node) => `${node.id} [${[...node.tags].join(',')}]`),
    transitions: [...allEdges(machine).values()],
  };
}

describe('one topology for every setting', () => {
  it('has the same states, tags and transitions with and without a verify command and a fallback', () => {
    const shapes = Object.entries(VARIANTS).map(([name, settings]) => [name, shapeOf(settings)] as const);
    const [, reference] = shapes[0] ?? [];
    for (const [name, shape] of shapes) {
      expect({ name, states: shape.states }).toEqual({ name, states: reference?.states });
      expect({ name, transitions: shape.transitions }).toEqual({ name, transitions: reference?.transitions });
    }
    // The parts that once existed only with a setting are there in the default machine.
    expect(reference?.states).toContain('samocode.done.verifying [verify.running]');
    expect(reference?.transitions).toEqual(
      expect.arrayContaining([
        'samocode.init.running --agent.limited#0 [shouldFallBack && hasLimitBudget]--> samocode.init.running',
        'samocode.done.running --signal.done#0 [staysIn(done) && hasVerify]--> samocode.done.verifying',
        'samocode.done.verifying --resume#0 [lacksVerify]--> samocode.completed',
      ]),
    );
  });
});

describe('a session saved in done.verifying', () => {
  /** `_state.json` of a run with a verify command, stopped while it checked the agent's `done`. */
  const savedWhileVerifying = (): Snapshot<unknown> => {
    const machine = buildWorkflow(PHASE_REGISTRY, { ...base, verify: true });
    const first = createActor(machine, {
      snapshot: machine.resolveState({
        value: { done: 'running' },
        context: { ...initialContext(), totalIterations: 8 },
      }),
    }).start();
    first.send({ type: 'signal.done', summary: 'shipped' });
    const persisted = JSON.parse(JSON.stringify(first.getPersistedSnapshot()));
    first.stop();
    return persisted;
  };
  const restore = (settings: WorkflowSettings) => {
    const checks: VerifyInput[] = [];
    const verifier = fromCallback<WorkflowEvent, VerifyInput>(({ input }) => {
      checks.push(input);
    });
    const machine = buildWorkflow(PHASE_REGISTRY, settings).provide({ actors: { verifier } });
    const actor = createActor(machine, { snapshot: savedWhileVerifying() }).start();
    return { actor, checks };
  };

  it('restored by a run with no verify command completes as the agent claimed it (no receipt)', () => {
    const { actor } = restore(base);
    expect(actor.getSnapshot().value).toEqual({ done: 'verifying' });
    actor.send({ type: 'resume' });
    expect(actor.getSnapshot().value).toBe('completed');
    expect(actor.getSnapshot().context.receipt).toBeUndefined();
    expect(actor.getSnapshot().context.summary).toBe('shipped');
  });

  it('restored by a run with a verify command checks the done again', () => {
    const { actor, checks } = restore({ ...base, verify: true });
    actor.send({ type: 'resume' });
    expect(actor.getSnapshot().value).toEqual({ done: 'verifying' });
    expect(checks).toEqual([{ iteration: 9 }]);
  });
});
