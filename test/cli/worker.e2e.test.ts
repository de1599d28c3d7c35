/**
 * `samocode submit` and `samocode worker` with a real PostgreSQL store (a throwaway cluster): clones
 * of one bare remote play the machines of a team. Sessions submitted from one clone are run by
 * workers on the others; a gate stops a run and a decision from any clone queues it again; a
 * worker SIGKILLed mid-iteration loses its session to another once its lease runs out; PostgreSQL
 * stopped for 20 s mid-session holds the run up without losing it. Integration tier.
 */
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openStore } from '../../src/store/open-store.js';
import type { SessionStore } from '../../src/store/session-store.js';
import { git } from '../helpers/git.js';
import { startPostgres, stopPostgres } from '../helpers/postgres.js';
import { pollUntil } from '../helpers/processes.js';
import { maxOverlap } from '../helpers/run-overlap.js';
import { removeTempTrees } from '../helpers/temp-session.js';
import { makeWorkerFleet, remoteBranches, type WorkerFleet } from '../helpers/worker-fleet.js';

const cluster = await startPostgres('samocode worker through a PostgreSQL store');
const fleets: WorkerFleet[] = [];
afterEach(async () => {
  for (const fleet of fleets.splice(0)) await fleet.killAll();
});
afterAll(() => {
  stopPostgres(cluster);
  removeTempTrees();
});

const signal = (content: Record<string, unknown>) => ({ do: 'signal', content });
const sleep = (ms: number) => ({ do: 'sleep', ms });
const commit = {
  do: 'shell',
  command: 'echo "$(basename "$PWD")" > work.txt && git add work.txt && git commit -qm work',
};
/** The happy path; its fourth iteration waits for the plan's approval unless `--auto-approve`. */
const happy = (pause: number) => [
  [sleep(pause), commit, signal({ status: 'continue', phase: 'investigation' })],
  [sleep(pause), signal({ status: 'continue', phase: 'requirements' })],
  [sleep(pause), signal({ status: 'continue', phase: 'planning' })],
  [sleep(pause), signal({ status: 'waiting', for: 'plan_approval' })],
  [sleep(pause), signal({ status: 'continue', phase: 'testing' })],
  [sleep(pause), signal({ status: 'continue', phase: 'done' })],
  [sleep(pause), signal({ status: 'done', summary: 'finished' })],
];

const FinishedSchema = z.object({ session: z.string(), worker: z.string() });
const LsSchema = z.object({
  store: z.literal('postgres'),
  sessions: z.array(z.object({ session: z.string() })),
});

async function stateOf(store: SessionStore, session: string): Promise<string | undefined> {
  const record = await store.readSession(session, { rows: 1 });
  const row = z.object({ state: z.string() }).safeParse(record?.rows.at(-1)?.row);
  return row.success ? row.data.state : undefined;
}

async function checkRows(store: SessionStore, session: string): Promise<number[]> {
  const record = await store.readSession(session, { rows: 1_000 });
  return record?.rows.map((entry) => entry.seq) ?? [];
}

const idOf = (stdout: unknown) => /^queued (\S+):/.exec(String(stdout))?.[1] ?? '';

describe.skipIf(cluster === undefined)('samocode worker with a PostgreSQL store [slow]', () => {
  it('runs four sessions submitted from one clone on two workers with their own clones', {
    timeout: 600_000,
  }, async () => {
    const url = (await cluster?.createDatabase()) ?? '';
    const fleet = await makeWorkerFleet(url, 3, happy(400));
    fleets.push(fleet);
    const [office, first, second] = fleet.machines;
    if (!office || !first || !second) throw new Error('three machines expected');
    const sessions: string[] = [];
    for (const name of ['alpha', 'beta', 'gamma', 'delta']) {
      const submitted = await office.samocode([
        'submit',
        '--session',
        name,
        '--task',
        `task ${name}`,
        '--auto-approve',
      ]);
      expect(submitted.exitCode, String(submitted.stderr)).toBe(0);
      expect(submitted.stdout).toContain('samocode worker');
      sessions.push(idOf(submitted.stdout));
    }
    const workers = await Promise.all(
      [first, second].map((machine, index) =>
        machine.samocode(['worker', '--until-idle', '--concurrency', '1', '--name', `w${index + 1}`]),
      ),
    );
    for (const worker of workers) expect(worker.exitCode, String(worker.stderr)).toBe(0);
    const opened = await openStore({ url, sessionsDir: office.project.sessions });
    try {
      for (const session of sessions) {
        expect(await stateOf(opened.store, session), session).toBe('completed');
        expect(await checkRows(opened.store, session)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      }
      const view = await (await opened.queue()).readQueue();
      const finished = view.finished.map((run) => FinishedSchema.parse(run));
      expect(new Set(finished.map((run) => run.worker))).toEqual(new Set(['w1', 'w2']));
      // Both ran at once: the overlap the account test below keeps to one is measurable.
      expect(maxOverlap(view.finished)).toBe(2);
      expect(view.queued).toEqual([]);
      expect(view.running).toEqual([]);
    } finally {
      await opened.close();
    }
    // Every session branch reached the remote, with the commit its first iteration made.
    const branches = sessions.map((session) => session.replace(/^\d\d-\d\d-\d\d-/, ''));
    expect(await remoteBranches(fleet.remote)).toEqual(['main', ...branches].sort());
    for (const branch of branches)
      expect(await git(fleet.remote, 'log', '--format=%s', branch)).toContain('work');
    // ls from the clone that ran nothing, and from a worker's, lists all four.
    for (const machine of [office, second]) {
      const listed = await machine.samocode(['ls', '--json']);
      expect(listed.exitCode, String(listed.stderr)).toBe(0);
      const names = LsSchema.parse(JSON.parse(String(listed.stdout))).sessions.map((entry) => entry.session);
      expect(names.sort()).toEqual([...sessions].sort());
    }
  });

  it('stops at a gate; a decision from another clone queues the session again, decided once', {
    timeout: 600_000,
  }, async () => {
    const url = (await cluster?.createDatabase()) ?? '';
    const fleet = await makeWorkerFleet(url, 2, happy(0));
    fleets.push(fleet);
    const [first, second] = fleet.machines;
    if (!first || !second) throw new Error('two machines expected');
    const submitted = await first.samocode(['submit', '--session', 'gated', '--task', 'needs a yes']);
    expect(submitted.exitCode, String(submitted.stderr)).toBe(0);
    const session = idOf(submitted.stdout);
    const parked = await first.samocode(['worker', '--until-idle']);
    expect(parked.exitCode, String(parked.stderr)).toBe(0);
    expect(parked.stderr).toContain(`${session}: ended with exit 10`);
    // The run's own lines say whose they are: a worker runs several sessions on one stream.
    expect(String(parked.stderr)).toMatch(new RegExp(`^${session} \\| \\d\\d:\\d\\d:\\d\\d info `, 'm'));
    const approved = await second.samocode(['approve', '--session', 'gated']);
    expect(approved.exitCode, String(approved.stderr)).toBe(0);
    expect(approved.stdout).toContain('queued again');
    const twice = await first.samocode(['approve', '--session', 'gated']);
    expect(twice.exitCode).toBe(2);
    expect(twice.stderr).toMatch(/already approved|decided/i);
    const done = await second.samocode(['worker', '--until-idle']);
    expect(done.exitCode, String(done.stderr)).toBe(0);
    const opened = await openStore({ url, sessionsDir: second.project.sessions });
    try {
      expect(await stateOf(opened.store, session)).toBe('completed');
      const record = await opened.store.readSession(session, { rows: 100 });
      const decisions =
        record?.rows.filter((entry) => JSON.stringify(entry.row).includes('"decision"')) ?? [];
      expect(decisions).toHaveLength(1);
    } finally {
      await opened.close();
    }
  });

  it('gives the session of a worker SIGKILLed mid-iteration to another once its lease runs out', {
    timeout: 600_000,
  }, async () => {
    const url = (await cluster?.createDatabase()) ?? '';
    const calls = happy(0);
    // The third iteration hangs on the first machine's fake: that is where its worker dies.
    const fleet = await makeWorkerFleet(url, 2, calls, 'SAMOCODE_LEASE_SECONDS=6\n');
    fleets.push(fleet);
    const [victim, rescuer] = fleet.machines;
    if (!victim || !rescuer) throw new Error('two machines expected');
    writeFileSync(
      join(victim.project.root, 'scripts', 'step-2.json'),
      JSON.stringify({ steps: [{ do: 'hang' }] }),
    );
    const submitted = await victim.samocode([
      'submit',
      '--session',
      'victim',
      '--task',
      't',
      '--auto-approve',
    ]);
    const session = idOf(submitted.stdout);
    const doomed = victim.samocode(['worker', '--name', 'doomed']);
    await pollUntil(
      () => (victim.invocations().length >= 3 ? true : undefined),
      'the doomed worker to start the third iteration',
      300_000,
    );
    doomed.kill('SIGKILL');
    await doomed.catch(() => undefined);
    const rescued = await rescuer.samocode(['worker', '--until-idle', '--name', 'rescuer']);
    expect(rescued.exitCode, String(rescued.stderr)).toBe(0);
    const opened = await openStore({ url, sessionsDir: rescuer.project.sessions });
    try {
      expect(await stateOf(opened.store, session)).toBe('completed');
      expect(await checkRows(opened.store, session)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      // The store's record: the doomed claim ended as a dead worker's, the rescuer's ran to the end.
      const { finished } = await (await opened.queue()).readQueue();
      expect(finished.map((run) => [run.worker, run.outcome])).toEqual([
        ['doomed', { failed: `worker doomed stopped renewing its lease of ${session}` }],
        ['rescuer', expect.objectContaining({ exitCode: 0 })],
      ]);
    } finally {
      await opened.close();
    }
    // The in-flight iteration ran again on the rescuer: it started iterations 3 to 7.
    expect(rescuer.invocations()).toHaveLength(5);
  });

  it('holds a run up while PostgreSQL is stopped for 20 s, and completes it once it is back', {
    timeout: 600_000,
  }, async () => {
    if (cluster === undefined) return;
    const url = await cluster.createDatabase();
    const fleet = await makeWorkerFleet(url, 1, happy(1_500));
    fleets.push(fleet);
    const [machine] = fleet.machines;
    if (!machine) throw new Error('one machine expected');
    const submitted = await machine.samocode([
      'submit',
      '--session',
      'outage',
      '--task',
      't',
      '--auto-approve',
    ]);
    const session = idOf(submitted.stdout);
    const worker = machine.samocode(['worker', '--until-idle']);
    await pollUntil(
      () => (machine.invocations().length >= 2 ? true : undefined),
      'the worker to reach the second iteration',
      300_000,
    );
    await cluster.stopServer();
    await new Promise((resolve) => setTimeout(resolve, 20_000));
    await cluster.startServer();
    const ended = await worker;
    expect(ended.exitCode, String(ended.stderr)).toBe(0);
    // The worker said it waited, and that the server came back.
    expect(String(ended.stderr)).toMatch(/PostgreSQL \S+ is unreachable .* waits and tries again/);
    expect(String(ended.stderr)).toMatch(/PostgreSQL \S+ is back after/);
    const opened = await openStore({ url, sessionsDir: machine.project.sessions });
    try {
      expect(await stateOf(opened.store, session)).toBe('completed');
      expect(await checkRows(opened.store, session)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    } finally {
      await opened.close();
    }
  });

  it('keeps the running sessions of one account to its limit across two workers', {
    timeout: 600_000,
  }, async () => {
    const url = (await cluster?.createDatabase()) ?? '';
    const fleet = await makeWorkerFleet(
      url,
      2,
      happy(300),
      'SAMOCODE_ACCOUNT=team\nSAMOCODE_MAX_PER_ACCOUNT=1\n',
    );
    fleets.push(fleet);
    const [first, second] = fleet.machines;
    if (!first || !second) throw new Error('two machines expected');
    for (const name of ['one', 'two', 'three']) {
      const submitted = await first.samocode(['submit', '--session', name, '--task', name, '--auto-approve']);
      expect(submitted.exitCode, String(submitted.stderr)).toBe(0);
    }
    const workers = await Promise.all(
      [first, second].map((machine, index) =>
        machine.samocode(['worker', '--until-idle', '--concurrency', '2', '--name', `a${index + 1}`]),
      ),
    );
    for (const worker of workers) expect(worker.exitCode, String(worker.stderr)).toBe(0);
    expect(workers.map((worker) => String(worker.stderr)).join('\n')).toContain('not taking more');
    const opened = await openStore({ url, sessionsDir: first.project.sessions });
    try {
      const { finished } = await (await opened.queue()).readQueue();
      expect(finished).toHaveLength(3);
      expect(finished.every((run) => run.account === 'team')).toBe(true);
      expect(maxOverlap(finished)).toBe(1);
    } finally {
      await opened.close();
    }
  });

  it('keeps a session whose branch cannot be pushed on its worker until the push succeeds', {
    timeout: 600_000,
  }, async () => {
    const url = (await cluster?.createDatabase()) ?? '';
    const fleet = await makeWorkerFleet(url, 1, happy(0));
    fleets.push(fleet);
    const [machine] = fleet.machines;
    if (!machine) throw new Error('one machine expected');
    const refuse = join(machine.project.root, 'refuse-push');
    writeFileSync(refuse, '');
    const hook = join(fleet.remote, 'hooks', 'pre-receive');
    writeFileSync(
      hook,
      `#!/bin/sh\nif [ -f ${refuse} ]; then echo "pushes refused for the test" >&2; exit 1; fi\n`,
    );
    chmodSync(hook, 0o755);
    const submitted = await machine.samocode([
      'submit',
      '--session',
      'unpushed',
      '--task',
      't',
      '--auto-approve',
    ]);
    const session = idOf(submitted.stdout);
    const worker = machine.samocode(['worker', '--until-idle', '--name', 'keeper']);
    let said = '';
    worker.stderr?.on('data', (chunk: Buffer) => {
      said += chunk.toString();
    });
    await pollUntil(
      () =>
        said.includes('the session stays on this worker') || worker.exitCode !== null ? true : undefined,
      'the worker to keep the unpushed session, or to end',
      300_000,
    );
    expect(said).toContain('the session stays on this worker');
    const opened = await openStore({ url, sessionsDir: machine.project.sessions });
    try {
      // Still this worker's while the branch is only here: no other worker can take it.
      const queue = await opened.queue();
      expect((await queue.readQueue()).running).toEqual([
        expect.objectContaining({ session, worker: 'keeper' }),
      ]);
      const other = await opened.store.lease(session, 'another worker', 60_000);
      expect(other.kind).toBe('taken');
      rmSync(refuse);
      const ended = await worker;
      expect(ended.exitCode, String(ended.stderr)).toBe(0);
      expect(said).toContain('pushed branch unpushed to origin; the session is free for any worker');
      expect(await git(fleet.remote, 'log', '--format=%s', 'unpushed')).toContain('work');
      const { finished } = await queue.readQueue();
      expect(finished).toEqual([
        expect.objectContaining({ worker: 'keeper', outcome: expect.objectContaining({ exitCode: 0 }) }),
      ]);
      expect(Object.keys(finished[0]?.outcome ?? {}).sort()).toEqual(['exitCode', 'message']);
    } finally {
      await opened.close();
    }
  });
});
