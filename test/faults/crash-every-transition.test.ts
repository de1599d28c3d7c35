/**
 * Crash at every transition (issue 8): a reference run of a whole session (init → done, auto-approve,
 * one crashed attempt retried) counts its transitions from the Flow Log. Then, for each transition k,
 * a fresh copy of the session is run until the k-th `samocode:` Flow Log line appears and samocode is
 * SIGKILLed; a second run completes it. The end must match the reference: the same final state,
 * exactly one history row per iteration, and no Telegram message sent twice.
 *
 * After a SIGKILL the provider's process group (detached, so a terminal's Ctrl-C reaches only
 * samocode) outlives samocode. The second run reaps it from the group record in the session folder;
 * the test checks that every process the first run started is dead after the second run.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { readGroupRecord } from '../../src/process/group-record.js';
import { buildSessionPaths } from '../../src/session/paths.js';
import { readSessionState } from '../../src/session/snapshot-store.js';
import { isAlive, pollUntil, waitForDeath } from '../helpers/processes.js';
import { type FakeTelegram, startFakeTelegram } from '../helpers/telegram-server.js';
import { removeTempTrees } from '../helpers/temp-session.js';
import {
  checkHistory,
  FACT_DEADLINE_MS,
  type FaultProject,
  findSessionDir,
  killAll,
  makeFaultProject,
  providerPids,
  runArgs,
  runSamocode,
  type Step,
  startSamocode,
  writeScenario,
} from './harness.js';

const pause: Step = { do: 'sleep', ms: 100 };
const signal = (content: unknown): Step[] => [pause, { do: 'signal', content }];
const to = (phase: string) => signal({ status: 'continue', phase });
/** One list per provider call; call 2 crashes once, so the retry transition is in the run too. */
const CALLS: Step[][] = [
  to('investigation'),
  [{ do: 'crash', code: 3 }],
  to('requirements'),
  to('planning'),
  signal({ status: 'waiting', for: 'plan_approval' }),
  to('testing'),
  to('done'),
  signal({ status: 'done', summary: 'all done' }),
];

let telegram: FakeTelegram;
beforeAll(async () => {
  telegram = await startFakeTelegram('ok');
});
afterAll(async () => {
  await telegram.close();
  removeTempTrees();
}, 120_000);

interface SessionEnd {
  readonly value: unknown;
  readonly rows: string[];
  readonly messages: string[];
}

function projectFor(chat: string): FaultProject {
  const project = makeFaultProject();
  project.env.TELEGRAM_API_BASE = telegram.apiBase;
  project.env.TELEGRAM_CHAT_ID = chat;
  writeScenario(project, CALLS);
  return project;
}

const flowLines = (dir: string | undefined): number => {
  if (dir === undefined || !existsSync(join(dir, '_overview.md'))) return 0;
  return readFileSync(join(dir, '_overview.md'), 'utf8')
    .split('\n')
    .filter((line) => / samocode: \S+ -> /.test(line)).length;
};

function messagesTo(chat: string): string[] {
  return telegram.requests
    .map((request) => {
      try {
        const body = JSON.parse(request.body) as { chat_id?: unknown; text?: unknown };
        return String(body.chat_id) === chat ? String(body.text) : undefined;
      } catch {
        return undefined;
      }
    })
    .filter((text): text is string => text !== undefined);
}

function endOf(project: FaultProject, chat: string): SessionEnd {
  const dir = findSessionDir(project);
  if (dir === undefined) throw new Error('no session folder');
  const state = readSessionState(join(dir, '_state.json'));
  const rows = readFileSync(join(dir, '_signal_history.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const row = JSON.parse(line) as Record<string, unknown>;
      return `${row.iteration}:${row.sourcePhase}->${row.state}:${row.accepted}:a${row.attempts}`;
    });
  return { value: state?.snapshot.value, rows, messages: messagesTo(chat) };
}

/**
 * The fake counts its calls; a restarted iteration must replay the call of the iteration it restarts.
 * Iteration 1 used call 1, iteration 2 calls 2 (the crash) and 3, iteration n ≥ 2 call n + 1.
 */
function rewindCalls(project: FaultProject): void {
  const dir = findSessionDir(project);
  const state = dir === undefined ? undefined : readSessionState(join(dir, '_state.json'));
  const done = state?.lastRow?.iteration ?? 0;
  const retrying = JSON.stringify(state?.snapshot.value ?? '').includes('retrying');
  const attempt = Number(state?.snapshot.context.attempt ?? 1);
  const used = done === 0 ? 0 : done === 1 ? (retrying || attempt >= 2 ? 2 : 1) : done + 1;
  writeFileSync(`${project.scenario}.calls`, String(used));
}

/**
 * A provider the killed run had just started lives on and counts its call when it gets going,
 * which would undo a rewind made before. Waits until the recorded provider has logged its start
 * (the fake counts its call just before) or is dead; the second run still finds its group record.
 */
async function providerCounted(project: FaultProject): Promise<void> {
  const dir = findSessionDir(project);
  const record = dir === undefined ? undefined : readGroupRecord(buildSessionPaths(dir).providerGroup);
  if (record === undefined) return;
  await pollUntil(
    () => (!isAlive(record.pgid) || providerPids(project).includes(record.pgid) ? true : undefined),
    `provider ${record.pgid} counted its call or died`,
    FACT_DEADLINE_MS,
  );
}

/** Waits are for facts (a Flow Log line, an exit, a death); this only bounds a stuck case under load. */
const ROW_TIMEOUT_MS = 600_000;

/** Test cases are declared before the reference run counts the transitions; extra ones return at once. */
const MAX_TRANSITIONS = 10;
let reference: SessionEnd;
let transitions = 0;

describe('crash at every transition', () => {
  beforeAll(async () => {
    const project = projectFor('reference');
    const end = await runSamocode(project, runArgs(project, 'fault', ['--auto-approve']));
    expect(end.code, end.stderr).toBe(EXIT.complete);
    await telegram.waitForRequests(1);
    reference = endOf(project, 'reference');
    transitions = flowLines(findSessionDir(project));
  }, ROW_TIMEOUT_MS);

  it('the reference run completes with one row per iteration and one message', () => {
    expect(reference.value).toBe('completed');
    expect(reference.rows).toEqual([
      '1:init->investigation.running:true:a1',
      '2:investigation->requirements.running:true:a2',
      '3:requirements->planning.running:true:a1',
      '4:planning->implementation.running:true:a1',
      '5:implementation->testing.running:true:a1',
      '6:testing->done.running:true:a1',
      '7:done->completed:true:a1',
    ]);
    expect(reference.messages).toHaveLength(1);
    expect(transitions).toBeGreaterThanOrEqual(8);
    expect(transitions).toBeLessThanOrEqual(MAX_TRANSITIONS);
  });

  it.concurrent.each(Array.from({ length: MAX_TRANSITIONS }, (_, i) => i + 1))(
    'SIGKILL after transition %i, then a second run completes the same way',
    async (k) => {
      if (k > transitions) return;
      const chat = `kill-${k}`;
      const project = projectFor(chat);
      const first = startSamocode(project, runArgs(project, 'fault', ['--auto-approve']));
      try {
        await pollUntil(
          () => (flowLines(findSessionDir(project)) >= k ? true : undefined),
          `transition ${k}`,
          FACT_DEADLINE_MS,
        );
        first.child.kill('SIGKILL');
        await first.done;
        await providerCounted(project);
        const leftBehind = providerPids(project);
        rewindCalls(project);
        const second = await runSamocode(project, runArgs(project, 'fault', ['--auto-approve']));
        expect(second.code, second.stderr).toBe(EXIT.complete);
        expect(await waitForDeath(leftBehind, 30_000)).toEqual([]);
        const end = endOf(project, chat);
        expect(end.value).toBe(reference.value);
        expect(checkHistory(findSessionDir(project))).toMatchObject({ lost: 0, duplicates: 0, skipped: 0 });
        expect(end.rows).toEqual(reference.rows);
        expect(new Set(end.messages).size).toBe(end.messages.length);
        expect(end.messages.length).toBeLessThanOrEqual(1);
      } finally {
        killAll([first.pid, ...providerPids(project)]);
      }
    },
    ROW_TIMEOUT_MS,
  );
});
