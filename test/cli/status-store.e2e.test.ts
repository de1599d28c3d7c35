/**
 * `samocode status` and `samocode plan` with `SAMOCODE_STORE` set to a real PostgreSQL (a throwaway
 * cluster): a session run on one clone is read on a second clone that never ran it, from the store,
 * and shows what the first clone's folder shows, plus the worker holding its lease. Nothing is
 * written under the second clone's SESSIONS. Integration tier.
 */
import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openStore } from '../../src/store/open-store.js';
import { startPostgres, stopPostgres } from '../helpers/postgres.js';
import { makeCliProject, makeStoreMachines } from '../helpers/samocode-cli.js';
import { removeTempTrees } from '../helpers/temp-session.js';

const cluster = await startPostgres('samocode status and plan through a PostgreSQL store');
afterAll(() => {
  stopPostgres(cluster);
  removeTempTrees();
});

const FIRST_MACHINE = [
  [
    { do: 'note', name: 'notes.md', content: 'from the first machine' },
    { do: 'signal', content: { status: 'continue', phase: 'investigation', summary: 'looked around' } },
  ],
];

const StatusJson = z.object({
  session: z.string(),
  dir: z.string(),
  store: z.literal('postgres').optional(),
  phase: z.string(),
  state: z.string(),
  counters: z.record(z.string(), z.number()),
  totalIterations: z.number(),
  iterationsRecorded: z.number(),
  lastSignal: z.unknown(),
  flowLog: z.array(z.string()),
  costUsd: z.number(),
  worker: z.object({
    isRunning: z.boolean(),
    name: z.string().optional(),
    since: z.string().optional(),
    leaseUntil: z.string().optional(),
    pid: z.number().optional(),
  }),
});

const PlanJson = z.object({ from: z.string(), spent: z.unknown(), bound: z.unknown() });

function parsed<T>(schema: z.ZodType<T>, result: { exitCode?: number; stdout: unknown; stderr: unknown }): T {
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  return schema.parse(JSON.parse(String(result.stdout)));
}

describe.skipIf(cluster === undefined)(
  'samocode status and plan with SAMOCODE_STORE [slow]',
  { timeout: 240_000 },
  () => {
    it('reads a session from the store on a clone that never ran it, with the worker holding its lease', async () => {
      const url = (await cluster?.createDatabase()) ?? '';
      const { first, second } = await makeStoreMachines(url, FIRST_MACHINE);
      const ran = await first.samocode([
        'run',
        ...['--config', first.project.configPath, '--session', 'shared', '--task', 'Share it'],
        '--once',
      ]);
      expect(ran.exitCode).toBe(0);
      const session = first.sessionDirs()[0]?.split('/').at(-1) ?? '';
      expect(session).toMatch(/^\d\d-\d\d-\d\d-shared$/);

      const second_ = (args: readonly string[], env?: Record<string, string>) =>
        second.samocode([...args, '--config', second.project.configPath, '--session', 'shared'], {
          ...(env ? { env } : {}),
        });
      // The first machine's own folder, read without the store: what the store's copy must match.
      const local = parsed(
        StatusJson,
        await first.samocode(
          ['status', '--config', first.project.configPath, '--session', 'shared', '--json'],
          { env: { SAMOCODE_STORE: '' } },
        ),
      );
      expect(local.store).toBeUndefined();

      const stored = parsed(StatusJson, await second_(['status', '--json']));
      expect(stored).toMatchObject({
        session,
        store: 'postgres',
        dir: join(second.project.sessions, session),
        phase: 'investigation',
        totalIterations: 1,
        iterationsRecorded: 1,
        worker: { isRunning: false },
      });
      expect(stored.worker).toEqual({ isRunning: false });
      expect(stored.counters).toEqual(local.counters);
      expect(stored.lastSignal).toEqual(local.lastSignal);
      expect(stored.flowLog).toEqual(local.flowLog);
      expect(stored.flowLog.length).toBeGreaterThan(0);
      expect(stored.state).toBe(local.state);
      // Reading wrote nothing on the second machine, and no path of the temporary copy is shown.
      expect(readdirSync(second.project.sessions)).toEqual([]);
      const text = await second_(['status']);
      expect(text.exitCode).toBe(0);
      expect(String(text.stdout)).not.toContain('samocode-stored-');
      expect(String(text.stdout)).toContain(`session: ${session}\n`);
      expect(String(text.stdout)).toContain(
        `folder: ${join(second.project.sessions, session)} (where a run on this machine works; read from the shared store)`,
      );
      expect(String(text.stdout)).toContain('iterations: 1 (init 1)');
      expect(String(text.stdout)).toContain('worker: none holds its lease\n');

      const opened = await openStore({ url, sessionsDir: second.project.sessions });
      try {
        const taken = await opened.store.lease(session, 'worker-b on host-b', 60_000);
        if (taken.kind !== 'held') throw new Error(`expected the lease, got ${taken.kind}`);
        const holder = (await opened.store.readSession(session))?.holder;
        if (holder?.expiresAt === undefined) throw new Error('the lease has no holder with an expiry');
        const held = parsed(StatusJson, await second_(['status', '--json']));
        expect(held.worker).toEqual({
          isRunning: true,
          name: 'worker-b on host-b',
          since: holder.since,
          leaseUntil: holder.expiresAt,
        });
        const heldText = await second_(['status']);
        expect(String(heldText.stdout)).toContain(
          `worker: running on worker-b on host-b since ${holder.since}, lease until ${holder.expiresAt}\n`,
        );
        await opened.store.release(taken.lease);
      } finally {
        await opened.close();
      }

      // plan: the store's session on the second machine is the first machine's folder, bound for bound.
      const planLocal = parsed(
        PlanJson,
        await first.samocode(
          ['plan', '--config', first.project.configPath, '--session', 'shared', '--json'],
          {
            env: { SAMOCODE_STORE: '' },
          },
        ),
      );
      const planStored = parsed(PlanJson, await second_(['plan', '--json']));
      expect(planStored.from).toBe('investigation.paused');
      expect(planStored).toEqual(planLocal);
      const planText = await second_(['plan']);
      expect(planText.exitCode).toBe(0);
      expect(String(planText.stdout)).toContain('worst case from investigation.paused,');
      // A name the store does not have is planned as a new session.
      const planNew = parsed(
        PlanJson,
        await second.samocode([
          'plan',
          '--config',
          second.project.configPath,
          '--session',
          'other',
          '--json',
        ]),
      );
      expect(planNew.from).toBe('init.running');
      expect(readdirSync(second.project.sessions)).toEqual([]);
    });

    it('says the store has no such session, and names a folder of this machine it does not hold', async () => {
      const url = (await cluster?.createDatabase()) ?? '';
      const project = await makeCliProject(FIRST_MACHINE);
      // Run without the store: the session is only in this machine's folder.
      const ran = await project.samocode([
        'run',
        ...['--config', project.project.configPath, '--session', 'mine', '--task', 'Keep it here'],
        '--once',
      ]);
      expect(ran.exitCode).toBe(0);
      const folder = project.sessionDirs()[0]?.split('/').at(-1) ?? '';
      appendFileSync(project.project.configPath, `SAMOCODE_STORE=${url}\n`);

      const missing = await project.samocode([
        'status',
        ...['--config', project.project.configPath, '--session', 'nothing-here'],
      ]);
      expect(missing.exitCode).toBe(2);
      expect(missing.stderr).toContain('no session "nothing-here" in the shared store (SAMOCODE_STORE)');
      expect(missing.stderr).not.toContain(url);

      const onlyLocal = await project.samocode([
        'status',
        ...['--config', project.project.configPath, '--session', 'mine'],
      ]);
      expect(onlyLocal.exitCode).toBe(2);
      expect(onlyLocal.stderr).toContain(
        `${join(project.project.sessions, folder)} is a session folder of this machine that the store does not hold`,
      );
      // The way it names reads the folder.
      const asFolder = await project.samocode(
        ['status', '--config', project.project.configPath, '--session', 'mine', '--json'],
        { env: { SAMOCODE_STORE: '' } },
      );
      expect(parsed(StatusJson, asFolder)).toMatchObject({ session: folder, phase: 'investigation' });
    });
  },
);
