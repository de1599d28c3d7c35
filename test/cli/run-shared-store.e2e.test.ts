/**
 * `samocode run` with `SAMOCODE_STORE` set to a real PostgreSQL (a throwaway cluster): two clones
 * of one bare remote, each with its own `.samocode`, run one session in turn. Proves that every
 * transition reaches the store (its rows are the history file's, row for row), that the second
 * machine's run starts from what the store holds (settings, history, the agent's notes) and from
 * the branch the first one pushed, and that a session held by another lease is refused.
 * Integration tier.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openStore } from '../../src/store/open-store.js';
import { git } from '../helpers/git.js';
import { startPostgres, stopPostgres } from '../helpers/postgres.js';
import { makeCliProject } from '../helpers/samocode-cli.js';
import { makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

const cluster = await startPostgres('samocode run through a PostgreSQL store');
afterAll(() => {
  stopPostgres(cluster);
  removeTempTrees();
});

const signal = (content: Record<string, unknown>) => ({ do: 'signal', content });
const commit = (file: string) => ({
  do: 'shell',
  command: `echo work > ${file} && git add ${file} && git -c user.email=a@b -c user.name=a commit -qm ${file}`,
});
const FIRST_MACHINE = [
  [
    commit('first.txt'),
    { do: 'note', name: 'notes.md', content: 'from the first machine' },
    signal({ status: 'continue', phase: 'investigation' }),
  ],
];
const SECOND_MACHINE = [
  [commit('second.txt'), signal({ status: 'continue', phase: 'requirements' })],
  [signal({ status: 'continue', phase: 'planning' })],
  [signal({ status: 'continue', phase: 'implementation' })],
  [signal({ status: 'continue', phase: 'testing' })],
  [signal({ status: 'continue', phase: 'done' })],
  [signal({ status: 'done', summary: 'finished' })],
];

const historyLines = (dir: string) =>
  readFileSync(join(dir, '_signal_history.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as unknown);

const listed = (result: { exitCode?: number; stdout: unknown }): unknown[] => {
  expect(result.exitCode).toBe(0);
  const parsed = z.object({ store: z.literal('postgres'), sessions: z.array(z.unknown()) });
  return parsed.parse(JSON.parse(String(result.stdout))).sessions;
};

describe.skipIf(cluster === undefined)(
  'samocode run with SAMOCODE_STORE [slow]',
  { timeout: 240_000 },
  () => {
    it('commits every transition to the store; another clone resumes from the store and the pushed branch', async () => {
      const url = (await cluster?.createDatabase()) ?? '';
      const remote = join(makeTempTree(), 'remote.git');
      const first = await makeCliProject(FIRST_MACHINE);
      await git(first.project.root, 'clone', '-q', '--bare', first.project.mainRepo, remote);
      await git(first.project.mainRepo, 'remote', 'add', 'origin', remote);
      const second = await makeCliProject(SECOND_MACHINE, { isGit: false });
      await git(second.project.root, 'clone', '-q', remote, 'repo');
      for (const machine of [first, second])
        appendFileSync(machine.project.configPath, `SAMOCODE_STORE=${url}\n`);

      // A bad name is reported in the run's one pass of checks, as without a store; nothing is stored.
      const badName = await first.samocode([
        'run',
        '--config',
        first.project.configPath,
        '--session',
        '../x',
      ]);
      expect(badName.exitCode).toBe(2);
      expect(badName.stderr).toContain('invalid session name "../x"');
      expect(badName.stderr).toContain('nothing was created');

      const once = await first.samocode([
        'run',
        ...['--config', first.project.configPath, '--session', 'shared', '--task', 'Share it'],
        ...['--once', '--auto-approve'],
      ]);
      expect(once.stderr).not.toContain(url);
      const [folder] = first.sessionDirs();
      expect(folder).toBeDefined();
      const session = folder?.split('/').at(-1) ?? '';
      const opened = await openStore({ url, sessionsDir: first.project.sessions });
      try {
        const afterFirst = await opened.store.readSession(session, { rows: 100 });
        expect(afterFirst?.rows.map((entry) => entry.row)).toEqual(historyLines(folder ?? ''));
        expect(afterFirst?.rows).toHaveLength(1);
        expect(afterFirst?.files['notes.md']).toBe('from the first machine');
        const branch = session.replace(/^\d\d-\d\d-\d\d-/, '');
        expect(await git(remote, 'log', '--format=%s', branch)).toContain('first.txt');

        // A lease held elsewhere: the run is refused, nothing runs.
        const taken = await opened.store.lease(session, 'another worker', 60_000);
        if (taken.kind !== 'held') throw new Error(`expected the lease, got ${taken.kind}`);
        const refused = await second.samocode([
          'run',
          '--config',
          second.project.configPath,
          '--session',
          'shared',
        ]);
        expect(refused.exitCode).toBe(3);
        expect(refused.stderr).toContain('held by another worker');
        // ls on the machine that has no folder of it reads the store: the session, and who holds it.
        const whileHeld = listed(
          await second.samocode(['ls', '--config', second.project.configPath, '--json']),
        );
        expect(whileHeld).toEqual([
          expect.objectContaining({
            session,
            iterations: expect.objectContaining({ total: 1 }),
            worker: { isRunning: true, name: 'another worker' },
          }),
        ]);
        await opened.store.release(taken.lease);

        const resumed = await second.samocode([
          'run',
          ...['--config', second.project.configPath, '--session', 'shared'],
        ]);
        expect(resumed.stderr).not.toContain(url);
        expect(resumed.exitCode).toBe(0);
        const secondFolder = join(second.project.sessions, session);
        const stored = await opened.store.readSession(session, { rows: 100 });
        const lines = historyLines(secondFolder);
        expect(lines).toHaveLength(7);
        expect(stored?.rows.map((entry) => entry.row)).toEqual(lines);
        expect(stored?.rows.map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
        // The first machine's iteration is the second machine's history too, and its task with it.
        expect(lines[0]).toEqual(historyLines(folder ?? '')[0]);
        expect(JSON.stringify(stored?.settings)).toContain('Share it');
        expect(readFileSync(join(secondFolder, 'notes.md'), 'utf8')).toBe('from the first machine');
        // The branch came from the remote (the first commit is under the second), and went back to it.
        expect((await git(remote, 'log', '--format=%s', branch)).split('\n')).toEqual([
          'second.txt',
          'first.txt',
          'initial',
        ]);
        // The first machine's folder stopped at one row; its ls shows the store's whole session.
        const atEnd = listed(await first.samocode(['ls', '--config', first.project.configPath, '--json']));
        expect(atEnd).toEqual([
          expect.objectContaining({
            session,
            state: 'completed',
            iterations: expect.objectContaining({ total: 7 }),
            worker: { isRunning: false },
          }),
        ]);
      } finally {
        await opened.close();
      }
    });

    it('refuses to run with the store a session that only this machine has, and leaves its folder as it was', async () => {
      const url = (await cluster?.createDatabase()) ?? '';
      const local = await makeCliProject(FIRST_MACHINE);
      const once = await local.samocode([
        'run',
        ...['--config', local.project.configPath, '--session', 'local-only', '--task', 'Mine'],
        '--once',
      ]);
      expect(once.exitCode, String(once.stderr)).toBe(0);
      const [folder] = local.sessionDirs();
      const before = readFileSync(join(folder ?? '', '_signal_history.jsonl'), 'utf8');
      const state = readFileSync(join(folder ?? '', '_state.json'), 'utf8');
      appendFileSync(local.project.configPath, `SAMOCODE_STORE=${url}\n`);
      const refused = await local.samocode([
        'run',
        '--config',
        local.project.configPath,
        '--session',
        'local-only',
      ]);
      expect(refused.exitCode).toBe(2);
      expect(refused.stderr).toContain('is not in the store');
      expect(refused.stderr).toContain('samocode store import');
      expect(readFileSync(join(folder ?? '', '_signal_history.jsonl'), 'utf8')).toBe(before);
      expect(readFileSync(join(folder ?? '', '_state.json'), 'utf8')).toBe(state);
      expect(readFileSync(join(folder ?? '', 'notes.md'), 'utf8')).toBe('from the first machine');
      // Nothing was left in the store either (not even an empty session from a lease).
      const opened = await openStore({ url, sessionsDir: local.project.sessions });
      try {
        expect(await opened.store.listSessions()).toEqual([]);
      } finally {
        await opened.close();
      }
    });
  },
);
