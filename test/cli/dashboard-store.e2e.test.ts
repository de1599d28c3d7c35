/**
 * `samocode dashboard` with `SAMOCODE_STORE` set to a real PostgreSQL (a throwaway cluster): a
 * session run on one clone is listed and shown on a second clone's dashboard, from the store, with
 * the worker holding its lease and the plan its gate asks about; its approve is recorded in the store
 * once and queues the session again for a worker, and stop is refused. Integration tier.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TOKEN_HEADER, TOKEN_META } from '../../src/dashboard/dashboard-wire.js';
import { openStore } from '../../src/store/open-store.js';
import { startPostgres, stopPostgres } from '../helpers/postgres.js';
import { ROOT, SAMOCODE_BIN } from '../helpers/samocode-bin.js';
import { makeStoreMachines } from '../helpers/samocode-cli.js';
import { removeTempTrees } from '../helpers/temp-session.js';

const cluster = await startPostgres('samocode dashboard through a PostgreSQL store');
let running: ResultPromise | undefined;
afterEach(async () => {
  running?.kill('SIGKILL');
  await running?.catch(() => undefined);
  running = undefined;
});
afterAll(() => {
  stopPostgres(cluster);
  removeTempTrees();
});

const signal = (content: Record<string, unknown>) => ({ do: 'signal', content });
const PLAN = '# Plan\n\n1. share the session\n';
const TO_THE_GATE = [
  [signal({ status: 'continue', phase: 'investigation' })],
  [signal({ status: 'continue', phase: 'requirements' })],
  [signal({ status: 'continue', phase: 'planning' })],
  [
    { do: 'note', name: '004-plan.md', content: PLAN },
    signal({ status: 'waiting', for: 'plan_approval', summary: 'plan ready' }),
  ],
];

const ListSchema = z.object({
  store: z.literal('postgres'),
  sessions: z.array(
    z.object({
      session: z.string(),
      phase: z.string(),
      worker: z.object({ isRunning: z.boolean(), name: z.string().optional() }),
    }),
  ),
});
const DetailSchema = z.object({
  facts: z.array(z.object({ label: z.string(), value: z.string() })),
  historyCountText: z.string(),
  gateText: z.object({ path: z.string(), text: z.string() }).optional(),
});

/** The dashboard's URL, once its start line is on stderr. */
async function urlOf(child: ResultPromise): Promise<string> {
  let seen = '';
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const found = /open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(seen);
      if (found?.[1]) resolve(found[1]);
    });
    child.catch(reject).then(() => reject(new Error(`the dashboard ended before it served: ${seen}`)));
  });
}

const getJson = async (url: string): Promise<unknown> => {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return response.json();
};

describe.skipIf(cluster === undefined)(
  'samocode dashboard with SAMOCODE_STORE [slow]',
  { timeout: 240_000 },
  () => {
    it('lists and shows the store’s sessions on a clone that never ran them, with their worker', async () => {
      const url = (await cluster?.createDatabase()) ?? '';
      const { first, second } = await makeStoreMachines(url, TO_THE_GATE);
      const ran = await first.samocode([
        'run',
        ...['--config', first.project.configPath, '--session', 'shared', '--task', 'Share it'],
      ]);
      expect(ran.exitCode).toBe(10);
      const session = first.sessionDirs()[0]?.split('/').at(-1) ?? '';

      running = execa('node', [SAMOCODE_BIN, 'dashboard', '--config', second.project.configPath], {
        cwd: ROOT,
        env: second.env,
        extendEnv: false,
        reject: false,
      });
      const base = await urlOf(running);
      const page = await (await fetch(base)).text();
      const token =
        new RegExp(`<meta name="${TOKEN_META}" content="([A-Za-z0-9_-]+)">`).exec(page)?.[1] ?? '';
      expect(token).not.toBe('');

      const listed = ListSchema.parse(await getJson(`${base}api/sessions`));
      expect(listed.sessions).toEqual([
        expect.objectContaining({ session, phase: 'planning', worker: { isRunning: false } }),
      ]);
      const detailUrl = `${base}api/sessions/${encodeURIComponent(session)}`;
      const idle = DetailSchema.parse(await getJson(detailUrl));
      expect(idle.historyCountText).toBe('4');
      expect(idle.facts).toContainEqual({ label: 'worker', value: 'none' });
      expect(idle.gateText).toEqual({
        path: join(second.project.sessions, session, '004-plan.md'),
        text: PLAN,
      });

      const opened = await openStore({ url, sessionsDir: second.project.sessions });
      try {
        const taken = await opened.store.lease(session, 'worker-b on host-b', 60_000);
        if (taken.kind !== 'held') throw new Error(`expected the lease, got ${taken.kind}`);
        const held = ListSchema.parse(await getJson(`${base}api/sessions`));
        expect(held.sessions[0]?.worker).toEqual({ isRunning: true, name: 'worker-b on host-b' });
        const heldDetail = DetailSchema.parse(await getJson(detailUrl));
        expect(heldDetail.facts).toContainEqual({ label: 'worker', value: 'worker-b on host-b' });
        await opened.store.release(taken.lease);
      } finally {
        await opened.close();
      }
      const missing = await fetch(`${base}api/sessions/26-01-01-nothing`);
      expect(missing.status).toBe(404);
      // Reading wrote nothing on the second machine.
      expect(readdirSync(second.project.sessions)).toEqual([]);

      // Acting: approve goes to the store (first writer wins) and queues the session for a worker.
      const act = (action: string) =>
        fetch(`${detailUrl}/${action}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [TOKEN_HEADER]: token,
            origin: base.replace(/\/$/, ''),
          },
          body: '{}',
        });
      const approved = await act('approve');
      const approvedText = await approved.text();
      expect(approved.status, approvedText).toBe(200);
      expect(approvedText).toContain('queued again');
      const again = await act('approve');
      expect(again.status).toBe(409);
      expect(await again.text()).toMatch(/already approved/i);
      const stop = await act('stop');
      expect(stop.status).toBe(409);
      const check = await openStore({ url, sessionsDir: second.project.sessions });
      try {
        const decided = await check.store.readDecision(`${session}/g1-approval`);
        expect(decided?.decision).toMatchObject({ action: 'approve', channel: 'dashboard' });
        const { queued } = await (await check.queue()).readQueue();
        expect(queued.map((request) => request.session)).toEqual([session]);
      } finally {
        await check.close();
      }
    });
  },
);
