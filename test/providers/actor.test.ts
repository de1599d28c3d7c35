import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type AnyActorRef, assign, createActor, setup } from 'xstate';
import { z } from 'zod';
import type { WorkflowEvent } from '../../machines/events.js';
import type { ProviderInput } from '../../machines/workflow.js';
import { createProviderActor, type ProviderActorDeps } from '../../src/providers/actor.js';
import { SIGNAL_REMINDER } from '../../src/providers/prompt.js';
import type { AttemptReport, ProviderSettings, SessionPlace } from '../../src/providers/types.js';
import { initGitRepo } from '../helpers/git.js';
import { listDescendants, pollUntil, waitForDeath } from '../helpers/processes.js';
import { createFakeRun, FAKE_BIN, type FakeRun } from './fake-path.js';

const NOW = Date.parse('2026-11-24T17:00:00.000Z');
const runs: FakeRun[] = [];
const actors: AnyActorRef[] = [];
afterEach(async () => {
  for (const actor of actors.splice(0)) actor.stop();
  expect(await waitForDeath(listDescendants(process.pid), 5000)).toEqual([]);
  for (const run of runs.splice(0)) run.remove();
});

interface Harness {
  readonly run: FakeRun;
  readonly place: SessionPlace;
  readonly reports: AttemptReport[];
  readonly deps: ProviderActorDeps;
}

function setUp(
  name: 'claude' | 'codex',
  scenario: unknown,
  overrides: Partial<ProviderSettings> = {},
  extraEnv: Record<string, string> = {},
): Harness {
  const run = createFakeRun(scenario, extraEnv);
  runs.push(run);
  const sessionDir = join(run.dir, 'session');
  const workDir = join(run.dir, 'work');
  mkdirSync(sessionDir);
  mkdirSync(workDir);
  const place: SessionPlace = {
    sessionName: 'demo',
    sessionDir,
    workDir,
    mainRepo: workDir,
    worktreePath: workDir,
    branch: 'samocode/demo',
    task: 'Add a login form',
  };
  const settings: ProviderSettings = {
    name,
    cliPath: join(FAKE_BIN, name),
    model: name === 'claude' ? 'fake-model' : '',
    maxTurns: 10,
    timeoutMs: 30_000,
    killGraceMs: 300,
    env: run.env,
    ...overrides,
  };
  const reports: AttemptReport[] = [];
  const deps: ProviderActorDeps = {
    settings,
    place,
    observer: { onAttemptEnd: (report) => reports.push(report) },
    readPromptParts: async () => ({ workflowText: 'WORKFLOW TEXT', agentText: 'AGENT TEXT' }),
    now: () => NOW,
  };
  return { run, place, reports, deps };
}

/** Invokes the provider from a tiny parent machine and collects what it sends back. */
function startParent(deps: ProviderActorDeps, input: ProviderInput) {
  const parent = setup({
    types: { context: {} as { events: WorkflowEvent[] }, events: {} as WorkflowEvent },
    actors: { provider: createProviderActor(deps) },
  }).createMachine({
    context: { events: [] },
    invoke: { src: 'provider', input },
    on: { '*': { actions: assign({ events: ({ context, event }) => [...context.events, event] }) } },
  });
  const actor = createActor(parent).start();
  actors.push(actor);
  return actor;
}

function withoutFacts(event: WorkflowEvent): WorkflowEvent {
  if (!('usage' in event)) return event;
  const { usage: _usage, progressMark: _mark, at: _at, ...rest } = event;
  return rest as WorkflowEvent;
}

async function runOnce(deps: ProviderActorDeps, input: Partial<ProviderInput> = {}) {
  const actor = startParent(deps, {
    phase: 'init',
    iteration: 1,
    attempt: 1,
    reminder: false,
    provider: 'primary',
    model: 'phase',
    ...input,
  });
  const events = await pollUntil(
    () => {
      const { events: sent } = actor.getSnapshot().context;
      // What the attempt used rides on every event; its own tests check it.
      return sent.length > 0 ? sent.map(withoutFacts) : undefined;
    },
    'the provider event',
    20_000,
  );
  return { actor, events };
}

describe('provider actor against the fake claude', () => {
  it('sends the signal event when the agent wrote _signal.json', async () => {
    const h = setUp('claude', {
      steps: [{ do: 'signal', content: { status: 'done', summary: 'all good' } }],
    });
    const { events } = await runOnce(h.deps);
    expect(events).toEqual([{ type: 'signal.done', summary: 'all good' }]);
    expect(h.reports).toMatchObject([
      {
        outcome: 'success',
        exitCode: 0,
        rawSignal: '{"status":"done","summary":"all good"}',
        iteration: 1,
        attempt: 1,
      },
    ]);
    expect(h.reports[0]?.logFile).toBe(join(h.place.sessionDir, '_logs', '001-init-a1.jsonl'));
    expect(readFileSync(join(h.place.sessionDir, '_logs', '001-init-a1.jsonl'), 'utf8')).toContain(
      '"type":"result"',
    );
  });

  it('sends agent.noSignal on a clean exit without a signal, after removing a stale one', async () => {
    const h = setUp('claude', { steps: [{ do: 'say', text: 'forgot the signal' }] });
    writeFileSync(join(h.place.sessionDir, '_signal.json'), '{"status":"done","summary":"stale"}');
    const { events } = await runOnce(h.deps, { iteration: 3, attempt: 2 });
    expect(events).toEqual([{ type: 'agent.noSignal' }]);
    expect(h.reports).toMatchObject([
      { outcome: 'no_signal', logFile: join(h.place.sessionDir, '_logs', '003-init-a2.jsonl') },
    ]);
    expect(existsSync(join(h.place.sessionDir, '_signal.json'))).toBe(false);
  });

  it('sends agent.limited with the wait until the reset time on a usage limit', async () => {
    const resetsAt = NOW / 1000 + 3600;
    const h = setUp('claude', { steps: [{ do: 'outcome', kind: 'usage_limit', resetsAt }] });
    const { events } = await runOnce(h.deps);
    expect(events).toEqual([
      {
        type: 'agent.limited',
        waitMs: 3_600_000,
        resetsAt: '2026-11-24T18:00:00.000Z',
        message: "claude: You've hit your 5-hour limit · resets 4:58pm (UTC)",
      },
    ]);
  });

  it('kills claude on the first 401 retry and sends a fatal auth failure', async () => {
    const h = setUp('claude', {
      steps: [{ do: 'outcome', kind: 'auth', retries: 10, retryDelayMs: 60_000 }],
    });
    const { events } = await runOnce(h.deps);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'agent.failed', kind: 'fatal', outcome: 'auth' });
    expect(events[0]).toHaveProperty('message', expect.stringContaining('Fix: log in with `claude /login`'));
    const log = readFileSync(h.reports[0]?.logFile ?? '', 'utf8');
    expect(log.match(/"api_retry"/g)).toHaveLength(1);
  });

  it('sends a transient crash when the CLI prints garbage and exits 1', async () => {
    const h = setUp('claude', { steps: [{ do: 'crash' }] });
    const { events } = await runOnce(h.deps);
    expect(events).toEqual([
      {
        type: 'agent.failed',
        kind: 'transient',
        outcome: 'crash',
        message:
          'claude: ended without a result (exit code 1, 1 non-JSON line(s) on stdout): fake claude: crashed on purpose',
      },
    ]);
  });

  it('sends a transient timeout and leaves no process behind', async () => {
    const h = setUp(
      'claude',
      { steps: [{ do: 'grandchild', pidFile: 'gc.pid' }, { do: 'hang' }] },
      { timeoutMs: 3000 },
    );
    const { events } = await runOnce(h.deps);
    expect(events).toMatchObject([{ type: 'agent.failed', kind: 'transient', outcome: 'timeout' }]);
    const grandchild = Number(readFileSync(join(h.place.workDir, 'gc.pid'), 'utf8'));
    expect(await waitForDeath([grandchild], 2000)).toEqual([]);
  });

  it.skipIf(process.getuid?.() !== 0)(
    'sends a fatal permission failure when claude refuses bypass mode as root',
    async () => {
      const h = setUp('claude', { steps: [] }, {}, { IS_SANDBOX: '0' });
      const { events } = await runOnce(h.deps);
      expect(events).toMatchObject([{ type: 'agent.failed', kind: 'fatal', outcome: 'permission' }]);
    },
  );

  it('puts the session context, first-iteration task and reminder into the prompt on stdin', async () => {
    const h = setUp('claude', { steps: [] });
    await runOnce(h.deps, { reminder: true });
    await runOnce(h.deps, { iteration: 2 });
    const prompts = h.run
      .readInvocations()
      .map((entry) => z.object({ prompt: z.string() }).parse(entry).prompt);
    expect(prompts[0]).toContain('WORKFLOW TEXT');
    expect(prompts[0]).toContain(`- Signal file: ${join(h.place.sessionDir, '_signal.json')}`);
    expect(prompts[0]).toContain('Task: Add a login form');
    expect(prompts[0]).toContain(SIGNAL_REMINDER);
    expect(prompts[0]?.trimEnd().endsWith('AGENT TEXT')).toBe(true);
    expect(prompts[1]).not.toContain('Task: Add a login form');
    expect(prompts[1]).not.toContain(SIGNAL_REMINDER);
  });

  it('kills a provider that prints nothing for the stall time and sends a transient stalled stream', async () => {
    const h = setUp(
      'claude',
      { steps: [{ do: 'say', text: 'thinking' }, { do: 'grandchild', pidFile: 'gc.pid' }, { do: 'hang' }] },
      { timeoutMs: 120_000, stallMs: 1500 },
    );
    const { events } = await runOnce(h.deps);
    expect(events).toEqual([
      {
        type: 'agent.failed',
        kind: 'transient',
        outcome: 'stalled',
        message: 'stalled stream: the provider printed nothing for 1.5 s, so it was killed',
      },
    ]);
    expect(h.reports).toMatchObject([{ outcome: 'stalled' }]);
    const grandchild = Number(readFileSync(join(h.place.workDir, 'gc.pid'), 'utf8'));
    expect(await waitForDeath([grandchild], 5000)).toEqual([]);
  });

  it('reports the cost claude states and the API key that billed it', async () => {
    const h = setUp('claude', { steps: [{ do: 'signal', content: { status: 'done', summary: 'ok' } }] });
    await runOnce(h.deps);
    expect(h.reports[0]?.costUsd).toBeCloseTo(0.0056);
    expect(h.reports[0]?.billing).toBe('ANTHROPIC_API_KEY');
    expect(h.reports[0]?.costBasis).toBe('reported');
  });

  it('attaches the usage of the attempt to its event', async () => {
    const h = setUp('claude', { steps: [{ do: 'signal', content: { status: 'continue' } }] });
    const actor = startParent(h.deps, {
      phase: 'init',
      iteration: 1,
      attempt: 1,
      reminder: false,
      provider: 'primary',
      model: 'phase',
    });
    const [event] = await pollUntil(() => {
      const sent = actor.getSnapshot().context.events;
      return sent.length > 0 ? sent : undefined;
    }, 'the provider event');
    const report = await pollUntil(() => h.reports[0], 'the attempt report');
    expect(event).toMatchObject({
      type: 'signal.continue',
      usage: { tokens: report.inputTokens + report.outputTokens, ms: report.durationMs },
    });
    expect(report.inputTokens).toBeGreaterThan(0);
    expect(event && 'usage' in event ? event.usage?.costUsd : undefined).toBeCloseTo(0.0056);
  });

  it("attaches a progress mark that changes with the session folder's work files, not with samocode's own", async () => {
    const h = setUp(
      'claude',
      { steps: [{ do: 'signal', content: { status: 'continue' } }] },
      { noProgressIterations: 2 },
    );
    await initGitRepo(h.place.workDir);
    const markOf = async (iteration: number): Promise<unknown> => {
      const actor = startParent(h.deps, {
        phase: 'init',
        iteration,
        attempt: 1,
        reminder: false,
        provider: 'primary',
        model: 'phase',
      });
      const [event] = await pollUntil(() => {
        const sent = actor.getSnapshot().context.events;
        return sent.length > 0 ? sent : undefined;
      }, `the event of iteration ${iteration}`);
      expect(event).toMatchObject({ type: 'signal.continue', at: NOW });
      return event && 'progressMark' in event ? event.progressMark : undefined;
    };
    const first = await markOf(1);
    expect(first).toMatch(/^[0-9a-f]{16}$/);
    // samocode's own files change on every transition; they are not the agent's progress.
    writeFileSync(join(h.place.sessionDir, '_state.json'), '{"v":1}');
    mkdirSync(join(h.place.sessionDir, '_logs'), { recursive: true });
    writeFileSync(join(h.place.sessionDir, '_logs', '002-init-a1.jsonl'), '{}');
    expect(await markOf(2)).toBe(first);
    writeFileSync(join(h.place.sessionDir, '003-investigation-notes.md'), '# what I found');
    const third = await markOf(3);
    expect(third).toMatch(/^[0-9a-f]{16}$/);
    expect(third).not.toBe(first);
  });

  it('starts the CLI only once the transitions before it are stored, and not at all when storing failed', async () => {
    const h = setUp('claude', { steps: [{ do: 'signal', content: { status: 'done', summary: 'ok' } }] });
    let calls = 0;
    const { events } = await runOnce({
      ...h.deps,
      persisted: async () => {
        calls += 1;
        throw new Error('the lease of demo was lost');
      },
    });
    expect(calls).toBe(1);
    expect(events).toEqual([
      {
        type: 'agent.failed',
        kind: 'fatal',
        outcome: 'bad_invocation',
        message: 'provider attempt could not run: the lease of demo was lost',
      },
    ]);
    expect(h.run.readInvocations()).toEqual([]);
    expect(existsSync(join(h.place.sessionDir, '_logs', '001-init-a1.jsonl'))).toBe(false);
  });

  it('sends nothing after stop and kills the process group', async () => {
    const h = setUp('claude', { steps: [{ do: 'grandchild', pidFile: 'gc.pid' }, { do: 'hang' }] });
    const actor = startParent(h.deps, {
      phase: 'init',
      iteration: 1,
      attempt: 1,
      reminder: false,
      provider: 'primary',
      model: 'phase',
    });
    const grandchild = await pollUntil(() => {
      const path = join(h.place.workDir, 'gc.pid');
      return existsSync(path) && readFileSync(path, 'utf8') !== ''
        ? Number(readFileSync(path, 'utf8'))
        : undefined;
    }, 'the grandchild pid');
    const events = actor.getSnapshot().context.events;
    actor.stop();
    expect(await waitForDeath([grandchild], 5000)).toEqual([]);
    await pollUntil(() => (h.reports.length > 0 ? true : undefined), 'the attempt report');
    expect(h.reports).toMatchObject([{ outcome: 'cancelled' }]);
    expect(events).toEqual([]);
  });
});

describe('provider actor against the fake codex', () => {
  it('sends the signal event codex wrote through the prompt path', async () => {
    const h = setUp('codex', {
      steps: [{ do: 'signal', content: { status: 'continue', phase: 'investigation', summary: 'set up' } }],
    });
    const { events } = await runOnce(h.deps);
    expect(events).toEqual([{ type: 'signal.continue', target: 'investigation', summary: 'set up' }]);
    expect(h.run.readInvocations()).toMatchObject([{ cli: 'codex', workDir: h.place.workDir }]);
  });

  it('estimates the cost of the tokens codex reports from the price table, and marks it', async () => {
    const h = setUp(
      'codex',
      { steps: [{ do: 'signal', content: { status: 'continue' } }] },
      { prices: { default: { inputPerMTok: 1000, outputPerMTok: 10_000 } } },
    );
    await runOnce(h.deps);
    expect(h.reports[0]).toMatchObject({ inputTokens: 2000, outputTokens: 100, costBasis: 'estimated' });
    expect(h.reports[0]?.costUsd).toBeCloseTo(3);
    expect(h.reports[0]?.billing).toBe('CODEX_API_KEY');
  });

  it('kills codex on the first 401 reconnect and sends a fatal auth failure', async () => {
    const h = setUp('codex', { steps: [{ do: 'outcome', kind: 'auth', retries: 5, retryDelayMs: 60_000 }] });
    const { events } = await runOnce(h.deps);
    expect(events).toMatchObject([{ type: 'agent.failed', kind: 'fatal', outcome: 'auth' }]);
  });

  it('sends agent.limited with the next 5:06 PM local time on a codex usage limit', async () => {
    const h = setUp('codex', { steps: [{ do: 'outcome', kind: 'usage_limit', at: '5:06 PM' }] });
    const { events } = await runOnce(h.deps);
    const expected = new Date(NOW);
    expected.setHours(17, 6, 0, 0);
    if (expected.getTime() <= NOW) expected.setDate(expected.getDate() + 1);
    expect(events).toMatchObject([{ type: 'agent.limited', waitMs: expected.getTime() - NOW }]);
  });
});

describe('provider actor with a fallback provider', () => {
  const signal = { steps: [{ do: 'signal', content: { status: 'continue' } }] };
  const withFallback = (h: Harness): ProviderActorDeps => ({
    ...h.deps,
    fallback: { ...h.deps.settings, name: 'codex', cliPath: join(FAKE_BIN, 'codex'), model: '' },
  });

  it('runs the CLI the machine chose: the fallback for a fallback attempt, logged beside the primary', async () => {
    const h = setUp('claude', signal);
    const deps = withFallback(h);
    await runOnce(deps, { provider: 'fallback' });
    await runOnce(deps, { provider: 'primary', attempt: 2 });
    expect(h.run.readInvocations()).toMatchObject([{ cli: 'codex' }, { cli: 'claude' }]);
    expect(
      h.reports.map(({ provider, model, isFallback, logFile }) => ({ provider, model, isFallback, logFile })),
    ).toEqual([
      {
        provider: 'codex',
        model: '',
        isFallback: true,
        logFile: join(h.place.sessionDir, '_logs', '001-init-a1-codex.jsonl'),
      },
      {
        provider: 'claude',
        model: 'fake-model',
        isFallback: undefined,
        logFile: join(h.place.sessionDir, '_logs', '001-init-a2.jsonl'),
      },
    ]);
    expect(existsSync(join(h.place.sessionDir, '_logs', '001-init-a1-codex.jsonl'))).toBe(true);
  });

  it('fails the attempt as fatal when asked for a fallback the run does not have', async () => {
    const h = setUp('claude', signal);
    const { events } = await runOnce(h.deps, { provider: 'fallback' });
    expect(events).toEqual([
      {
        type: 'agent.failed',
        kind: 'fatal',
        outcome: 'bad_invocation',
        message:
          'provider attempt could not run: the session machine chose the fallback provider, but this run has none configured',
      },
    ]);
    expect(h.run.readInvocations()).toEqual([]);
  });
});
