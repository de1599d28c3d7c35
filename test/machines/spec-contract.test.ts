/**
 * SPEC §2 on live actors, against an oracle written from the spec (test/helpers/spec-oracle.ts),
 * never from the registry: every move each phase allows or refuses, each wait, the skips, the
 * approval gate and the budget block at exactly `maxIterations`. The mutation sweep relies on it.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createActor, fromCallback, type Snapshot } from 'xstate';
import type { SignalEvent, WorkflowEvent } from '../../machines/events.js';
import type { Phase } from '../../machines/phases.js';
import { buildWorkflow, defaultSettings, type ProviderInput } from '../../machines/workflow.js';
import { registryUnderTest } from '../helpers/registry-mutations.js';
import {
  everySignal,
  routeTo,
  SPEC_HUMAN_WAIT,
  SPEC_PHASES,
  SPEC_TABLE,
  type SpecOutcome,
  type SpecSignal,
  specOutcome,
} from '../helpers/spec-oracle.js';

const registry = registryUnderTest();

/** Timers never fire: retries and suspensions stay parked. */
const stoppedClock = {
  setTimeout: () => 0,
  clearTimeout: () => undefined,
};

interface Blocked {
  readonly reason: string;
  readonly needs: string;
}

/** Provider starts go to the session being driven; tests are synchronous, so one list at a time. */
let recording: ProviderInput[] = [];
const provider = fromCallback<WorkflowEvent, ProviderInput>(({ input }) => {
  recording.push(input);
});
// Building the machine is the slow part: one per setting, many actors each. Each test builds its
// own, so that a test is seen running the code that builds the machine (StrykerJS picks the tests
// to run against a mutant by that).
const machines = new Map<boolean, ReturnType<typeof buildWorkflow>>();
beforeEach(() => machines.clear());
function machineFor(autoApprove: boolean) {
  const built =
    machines.get(autoApprove) ??
    buildWorkflow(registry, { ...defaultSettings(registry), autoApprove }).provide({ actors: { provider } });
  machines.set(autoApprove, built);
  return built;
}

/** A live session from `init` (or restored from `snapshot`), recording each provider start. */
function session(autoApprove = false, snapshot?: Snapshot<unknown>) {
  const started: ProviderInput[] = [];
  recording = started;
  const actor = createActor(machineFor(autoApprove), {
    clock: stoppedClock,
    ...(snapshot ? { snapshot } : {}),
  }).start();
  const where = (): string => {
    const value: unknown = actor.getSnapshot().value;
    if (typeof value === 'string') return value;
    const [entry] = Object.entries(value as Record<string, unknown>);
    return entry ? `${entry[0]}.${String(entry[1])}` : String(value);
  };
  const blocked = (): Blocked | undefined => {
    const context: { blocked?: Blocked } = actor.getSnapshot().context;
    return context.blocked;
  };
  const send = (event: WorkflowEvent): void => actor.send(event);
  /** Walks from `init` into `phase.running`, approving at the gate; throws if the machine refuses. */
  const enter = (phase: Phase): void => {
    for (const target of routeTo(phase)) {
      send({ type: 'signal.continue', target });
      if (where() !== `${target}.running`) send({ type: 'approve' });
      expect(where(), `entering ${target}`).toBe(`${target}.running`);
    }
  };
  return { actor, started, where, blocked, send, enter };
}

// Restoring is much cheaper than walking: walk into each phase once, restore for every case.
const entrySnapshots = new Map<string, Snapshot<unknown>>();
/** A session restored in a fresh `phase.running`, as a later `samocode run` would find it. */
function entered(phase: Phase, autoApprove: boolean) {
  const key = `${phase}/${autoApprove}`;
  let snapshot = entrySnapshots.get(key);
  if (!snapshot) {
    const walk = session(autoApprove);
    walk.enter(phase);
    snapshot = walk.actor.getPersistedSnapshot();
    walk.actor.stop();
    entrySnapshots.set(key, snapshot);
  }
  return session(autoApprove, snapshot);
}

const toEvent = (signal: SpecSignal): SignalEvent => {
  const named = signal.target ? { target: signal.target } : {};
  switch (signal.status) {
    case 'continue':
      return { type: 'signal.continue', ...named };
    case 'done':
      return { type: 'signal.done', ...named, summary: 'all shipped' };
    case 'blocked':
      return { type: 'signal.blocked', ...named, reason: 'the disk is full', needs: 'environment' };
    case 'waiting':
      return { type: 'signal.waiting', ...named, for: signal.for ?? 'qa_answers' };
  }
};

const describeSignal = (signal: SpecSignal): string =>
  [signal.status, signal.target ?? '-', signal.for ?? ''].join(' ').trim();

/** Sends one signal in a fresh `phase.running` and reports every way the session differs from the spec. */
function checkSignal(phase: Phase, signal: SpecSignal, autoApprove: boolean): string[] {
  const expected: SpecOutcome = specOutcome(phase, signal, autoApprove);
  const run = entered(phase, autoApprove);
  const startsBefore = run.started.length;
  const iterationBefore = run.started.at(-1)?.iteration ?? 0;
  run.send(toEvent(signal));
  const wrong: string[] = [];
  const check = (what: string, got: unknown, want: unknown): void => {
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      wrong.push(
        `${phase} ${describeSignal(signal)}: ${what} is ${JSON.stringify(got)}, SPEC says ${JSON.stringify(want)}`,
      );
    }
  };
  const newStarts = (): string[] =>
    run.started.slice(startsBefore).map((input) => `${input.phase}#${input.iteration}`);
  switch (expected.kind) {
    case 'runs':
      check('state', run.where(), `${expected.phase}.running`);
      check('provider starts', newStarts(), [`${expected.phase}#${iterationBefore + 1}`]);
      break;
    case 'awaitsApproval':
      check('state', run.where(), `${phase}.awaitingApproval`);
      check('provider starts while parked', newStarts(), []);
      run.send({ type: 'resume' });
      check('state after resume at the gate', run.where(), `${phase}.awaitingApproval`);
      run.send({ type: 'approve' });
      check('state after approve', run.where(), `${expected.next}.running`);
      check('provider starts', newStarts(), [`${expected.next}#${iterationBefore + 1}`]);
      break;
    case 'awaitsHuman':
      check('state', run.where(), `${phase}.${expected.sub}`);
      run.send({ type: 'approve' });
      check('state after approve', run.where(), `${phase}.${expected.sub}`);
      run.send({ type: 'resume' });
      check('state after resume', run.where(), `${phase}.running`);
      check('provider starts', newStarts(), [`${phase}#${iterationBefore + 1}`]);
      break;
    case 'agentBlocked':
      check('state', run.where(), `${phase}.blocked`);
      check('block', [run.blocked()?.reason, run.blocked()?.needs], ['the disk is full', 'environment']);
      run.send({ type: 'approve' });
      check('state after approve', run.where(), `${phase}.blocked`);
      run.send({ type: 'resume' });
      check('state after resume', run.where(), `${phase}.running`);
      check('provider starts', newStarts(), [`${phase}#${iterationBefore + 1}`]);
      break;
    case 'completed':
      check('state', run.where(), 'completed');
      check('status', run.actor.getSnapshot().status, 'done');
      check('provider starts', newStarts(), []);
      break;
    case 'refused': {
      check('state', run.where(), `${phase}.blocked`);
      check('reason names the rule', run.blocked()?.reason.startsWith(`rule ${expected.rule} (`), true);
      run.send({ type: 'resume' });
      check('state after resume', run.where(), `${phase}.running`);
      check('provider starts', newStarts(), [`${phase}#${iterationBefore + 1}`]);
      break;
    }
  }
  run.actor.stop();
  return wrong;
}

it('the registry under test builds a machine (an unsound one is refused with the reasons)', () => {
  expect(() => buildWorkflow(registry)).not.toThrow();
});

describe.each([false, true])('SPEC §2 on a live actor (autoApprove %s)', (autoApprove) => {
  it.each(SPEC_PHASES)('%s: every signal an agent can write ends where the spec says', (phase) => {
    const wrong = everySignal().flatMap((signal) => checkSignal(phase, signal, autoApprove));
    expect(wrong).toEqual([]);
  });
});

describe('the allowed moves, named', () => {
  const moves = SPEC_PHASES.flatMap((from) => SPEC_TABLE[from].next.map((to) => [from, to] as const));

  it('are exactly the rows of the spec table', () => {
    expect(moves.map(([from, to]) => `${from}→${to}`)).toEqual([
      'init→investigation',
      'investigation→requirements',
      'requirements→planning',
      'planning→implementation',
      'implementation→testing',
      'implementation→quality',
      'testing→quality',
      'testing→done',
      'quality→testing',
      'quality→done',
    ]);
  });

  it.each([
    ['implementation', 'quality'],
    ['testing', 'done'],
    ['quality', 'done'],
  ] as const)('the skip %s → %s runs the target phase next', (from, to) => {
    const run = session();
    run.enter(from);
    run.send({ type: 'signal.continue', target: to });
    expect(run.where()).toBe(`${to}.running`);
    expect(run.started.at(-1)?.phase).toBe(to);
  });
});

describe('the approval gate', () => {
  it('parks planning → implementation until approve, by continue or by waiting for plan_approval', () => {
    for (const signal of [
      { type: 'signal.continue', target: 'implementation' },
      { type: 'signal.waiting', for: 'plan_approval' },
    ] as const) {
      const run = session();
      run.enter('planning');
      const starts = run.started.length;
      run.send(signal);
      expect(run.where()).toBe('planning.awaitingApproval');
      run.send({ type: 'resume' });
      expect(run.where()).toBe('planning.awaitingApproval');
      expect(run.started).toHaveLength(starts);
      run.send({ type: 'approve' });
      expect(run.where()).toBe('implementation.running');
      expect(run.started.slice(starts).map((input) => input.phase)).toEqual(['implementation']);
    }
  });

  it('a session parked at the gate crosses it when resumed by a run with auto-approve', () => {
    const parked = session(false);
    parked.enter('planning');
    parked.send({ type: 'signal.waiting', for: 'plan_approval' });
    expect(parked.where()).toBe('planning.awaitingApproval');
    const snapshot = parked.actor.getPersistedSnapshot();
    parked.actor.stop();
    const resumed = session(true, snapshot);
    expect(resumed.where()).toBe('planning.awaitingApproval');
    resumed.send({ type: 'resume' });
    expect(resumed.where()).toBe('implementation.running');
    expect(resumed.started.map((input) => input.phase)).toEqual(['implementation']);
  });

  it('is crossed by auto-approve, and no other phase has a gate', () => {
    const run = session(true);
    run.enter('planning');
    run.send({ type: 'signal.waiting', for: 'plan_approval' });
    expect(run.where()).toBe('implementation.running');
    const context: { autoApproved?: boolean } = run.actor.getSnapshot().context;
    expect(context.autoApproved).toBe(true);
    for (const [from, to] of [
      ['init', 'investigation'],
      ['requirements', 'planning'],
      ['implementation', 'testing'],
      ['testing', 'quality'],
      ['quality', 'done'],
    ] as const) {
      const plain = session(false);
      plain.enter(from);
      plain.send({ type: 'signal.continue', target: to });
      expect(plain.where()).toBe(`${to}.running`);
    }
  });
});

describe('iteration budgets block at exactly maxIterations (rule 8)', () => {
  const staying = SPEC_PHASES.filter((phase) => SPEC_TABLE[phase].signals.includes('continue'));

  it.each(staying)(
    '%s runs maxIterations iterations, blocks on the next, and a resume grants as many again',
    (phase) => {
      const max = SPEC_TABLE[phase].maxIterations;
      const run = session();
      run.enter(phase);
      for (let round = 1; round <= 2; round++) {
        // The iteration entering the phase is the first; each `continue` ends one and starts the next.
        for (let iteration = 1; iteration < max; iteration++) run.send({ type: 'signal.continue' });
        expect(run.where()).toBe(`${phase}.running`);
        expect(run.started.filter((input) => input.phase === phase)).toHaveLength(max * round);
        run.send({ type: 'signal.continue' });
        expect(run.where()).toBe(`${phase}.blocked`);
        expect(run.blocked()?.reason).toMatch(/^rule 8 \(/);
        expect(run.blocked()?.reason).toContain(`'${phase}' has used ${max * round} iterations`);
        expect(run.blocked()?.needs).toBe('human_decision');
        run.send({ type: 'resume' });
        expect(run.where()).toBe(`${phase}.running`);
      }
    },
  );

  it.each(['requirements', 'implementation'] as const)(
    '%s: a wait that ends the last budget iteration blocks on resume; one before it runs again',
    (phase) => {
      const max = SPEC_TABLE[phase].maxIterations;
      const wait = SPEC_TABLE[phase].waits[0] ?? 'qa_answers';
      const early = session();
      early.enter(phase);
      for (let iteration = 1; iteration < max - 1; iteration++) early.send({ type: 'signal.continue' });
      early.send({ type: 'signal.waiting', for: wait });
      early.send({ type: 'resume' });
      expect(early.where()).toBe(`${phase}.running`);

      const last = session();
      last.enter(phase);
      for (let iteration = 1; iteration < max; iteration++) last.send({ type: 'signal.continue' });
      last.send({ type: 'signal.waiting', for: wait });
      expect(last.where()).toBe(`${phase}.${SPEC_HUMAN_WAIT[wait]}`);
      last.send({ type: 'resume' });
      expect(last.where()).toBe(`${phase}.blocked`);
      expect(last.blocked()?.reason).toMatch(/^rule 8 \(/);
    },
  );

  it('counts testing and quality over their loop: quality blocks on its 11th entry', () => {
    const run = session();
    run.enter('quality');
    const max = SPEC_TABLE.quality.maxIterations;
    for (let visit = 1; visit < max; visit++) {
      run.send({ type: 'signal.continue', target: 'testing' });
      run.send({ type: 'signal.continue', target: 'quality' });
      expect(run.where()).toBe('quality.running');
    }
    run.send({ type: 'signal.continue', target: 'testing' });
    run.send({ type: 'signal.continue', target: 'quality' });
    expect(run.where()).toBe('quality.blocked');
    expect(run.blocked()?.reason).toContain(`'quality' has used ${max} iterations`);
  });

  it('done, which cannot stay, is granted its budget again when resumed after spending it', () => {
    const max = SPEC_TABLE.done.maxIterations;
    const run = session();
    run.enter('done');
    const allowance = (): number => {
      const context: { allowance?: Partial<Record<Phase, number>> } = run.actor.getSnapshot().context;
      return context.allowance?.done ?? -1;
    };
    for (let iteration = 1; iteration <= max; iteration++) {
      run.send({ type: 'signal.blocked', reason: 'waiting for CI', needs: 'environment' });
      expect(allowance()).toBe(0);
      run.send({ type: 'resume' });
      expect(run.where()).toBe('done.running');
      expect(allowance()).toBe(iteration < max ? 0 : max);
    }
  });
});
