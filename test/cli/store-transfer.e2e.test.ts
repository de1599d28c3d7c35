/**
 * `samocode store import` and `store export` through the built bin, against a real PostgreSQL (a
 * throwaway cluster): a session made by a real `samocode run` with the fake claude (a note, a plan
 * approved by `samocode approve`) is imported row for row, imported again without doubling,
 * listed by `ls` from the store, exported into another clone's empty SESSIONS byte for byte, and
 * refused wherever the target's copy is newer or different. Integration tier.
 */
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openStore } from '../../src/store/open-store.js';
import { startPostgres, stopPostgres } from '../helpers/postgres.js';
import { makeCliProject } from '../helpers/samocode-cli.js';
import { removeTempTrees } from '../helpers/temp-session.js';

const cluster = await startPostgres('samocode store import and export');
afterAll(() => {
  stopPostgres(cluster);
  removeTempTrees();
});

const signal = (content: Record<string, unknown>) => ({ do: 'signal', content });
const SCENARIO = [
  [
    { do: 'note', name: 'notes.md', content: 'what the agent found' },
    signal({ status: 'continue', phase: 'investigation' }),
  ],
  [signal({ status: 'continue', phase: 'requirements' })],
  [signal({ status: 'continue', phase: 'planning' })],
  [signal({ status: 'waiting', for: 'plan_approval' })],
  [signal({ status: 'continue', phase: 'implementation' })],
  [signal({ status: 'continue', phase: 'testing' })],
  [signal({ status: 'continue', phase: 'done' })],
  [signal({ status: 'done', summary: 'finished' })],
];

const historyText = (dir: string) => readFileSync(join(dir, '_signal_history.jsonl'), 'utf8');
const historyLines = (dir: string) =>
  historyText(dir)
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as unknown);

describe.skipIf(cluster === undefined)(
  'samocode store import and export [slow]',
  { timeout: 240_000 },
  () => {
    it('imports a folder session row for row, never twice, and exports it back byte for byte', async () => {
      const url = (await cluster?.createDatabase()) ?? '';
      const first = await makeCliProject(SCENARIO);
      const config = ['--config', first.project.configPath];
      const args = [...config, '--session', 'moving'];
      expect((await first.samocode(['run', ...args, '--task', 'Move it'])).exitCode).toBe(10);
      expect((await first.samocode(['approve', ...args])).exitCode).toBe(0);
      expect((await first.samocode(['run', ...args])).exitCode).toBe(0);
      const [folder = ''] = first.sessionDirs();
      const session = folder.split('/').at(-1) ?? '';
      const rows = historyLines(folder);
      const gates = readdirSync(join(folder, '_gates')).filter((name) => name.endsWith('.json'));
      expect(gates).toHaveLength(1);

      // Without SAMOCODE_STORE there is nowhere to import to: a usage error that says what to set.
      const unset = await first.samocode(['store', 'import', ...config]);
      expect(unset.exitCode).toBe(2);
      expect(unset.stderr).toContain(
        'store import copies the session folder into the PostgreSQL store SAMOCODE_STORE names; set it',
      );

      appendFileSync(first.project.configPath, `SAMOCODE_STORE=${url}\n`);
      const imported = await first.samocode(['store', 'import', ...config]);
      expect(imported.stderr).not.toContain(url);
      expect(imported.stdout).toBe(
        `${session}: copied, ${rows.length} rows\n1 session: 1 copied, 0 already in the store`,
      );
      expect(imported.exitCode).toBe(0);

      const opened = await openStore({ url, sessionsDir: first.project.sessions });
      try {
        const stored = await opened.store.readSession(session, { rows: 1000 });
        expect(stored?.rows.map((entry) => entry.row)).toEqual(rows);
        expect(stored?.rows.map((entry) => entry.seq)).toEqual(rows.map((_, index) => index + 1));
        expect(stored?.files['notes.md']).toBe('what the agent found');
        expect(stored?.overview).toBe(readFileSync(join(folder, '_overview.md'), 'utf8'));
        expect(JSON.stringify(stored?.settings)).toContain('Move it');
        const gateId = `${session}/${gates[0]?.replace(/\.json$/, '')}`;
        expect((await opened.store.readDecision(gateId))?.decision).toEqual(
          JSON.parse(readFileSync(join(folder, '_gates', gates[0] ?? ''), 'utf8')),
        );

        // Again: nothing is doubled.
        const again = await first.samocode(['store', 'import', ...config, '--session', 'moving']);
        expect(again.stdout).toBe(
          `${session}: already in the store, ${rows.length} rows\n1 session: 0 copied, 1 already in the store`,
        );
        expect(again.exitCode).toBe(0);
        expect((await opened.store.readSession(session, { rows: 1000 }))?.lastSeq).toBe(rows.length);

        // ls reads the store: the imported session is there, whole.
        const listed = await first.samocode(['ls', ...config, '--json']);
        expect(listed.exitCode).toBe(0);
        const sessions = z
          .object({ store: z.literal('postgres'), sessions: z.array(z.unknown()) })
          .parse(JSON.parse(String(listed.stdout))).sessions;
        expect(sessions).toEqual([
          expect.objectContaining({
            session,
            state: 'completed',
            iterations: expect.objectContaining({ total: 8 }),
          }),
        ]);

        // Exported into another clone's empty SESSIONS: the same files, the history byte for byte.
        const second = await makeCliProject([], { isGit: false });
        appendFileSync(second.project.configPath, `SAMOCODE_STORE=${url}\n`);
        const secondConfig = ['--config', second.project.configPath];
        const exported = await second.samocode(['store', 'export', ...secondConfig]);
        expect(exported.stdout).toBe(
          `${session}: copied, ${rows.length} rows\n1 session: 1 copied, 0 already in the session folder`,
        );
        expect(exported.exitCode).toBe(0);
        const copy = join(second.project.sessions, session);
        expect(historyText(copy)).toBe(historyText(folder));
        for (const name of ['_overview.md', 'notes.md', join('_gates', gates[0] ?? '')])
          expect(readFileSync(join(copy, name), 'utf8')).toBe(readFileSync(join(folder, name), 'utf8'));
        // PostgreSQL keeps JSON without key order, and the settings have no fixed one to put back.
        const settingsOf = (dir: string) =>
          JSON.parse(readFileSync(join(dir, '_settings.json'), 'utf8')) as unknown;
        expect(settingsOf(copy)).toEqual(settingsOf(folder));
        expect(existsSync(join(copy, '_run.lock'))).toBe(false);
        const status = await second.samocode(['status', ...secondConfig, '--session', 'moving', '--json']);
        expect(status.exitCode).toBe(0);
        const again2 = await second.samocode(['store', 'export', ...secondConfig]);
        expect(again2.stdout).toContain(`${session}: already in the session folder, ${rows.length} rows\n`);
        expect(again2.exitCode).toBe(0);

        // The store's copy grows by a row: import refuses to overwrite it; export brings the row over.
        const record = await opened.store.readSession(session, { rows: 1 });
        const last = record?.rows[0];
        if (!record?.snapshot || !last) throw new Error('the imported session has no snapshot or rows');
        const newer = { ...last.row, time: new Date().toISOString(), iteration: rows.length + 1 };
        await opened.store.commitTransition(session, {
          snapshot: record.snapshot,
          row: { seq: rows.length + 1, row: newer },
        });
        const refused = await first.samocode(['store', 'import', ...config]);
        expect(refused.stdout).toContain(
          `${session}: refused: the store holds ${rows.length + 1} history rows, the session folder ${rows.length}: the store's copy is newer, so it is kept\n`,
        );
        expect(refused.stdout).toContain('1 session: 0 copied, 0 already in the store, 1 refused');
        expect(refused.exitCode).toBe(1);
        expect(historyLines(folder)).toHaveLength(rows.length);
        const caughtUp = await first.samocode(['store', 'export', ...config]);
        expect(caughtUp.stdout).toContain(`${session}: copied, ${rows.length + 1} rows (1 new)\n`);
        expect(caughtUp.exitCode).toBe(0);
        expect(historyLines(folder)).toEqual([...rows, newer]);

        // A folder whose history differs from the store's: export refuses it and leaves it as it was.
        const changed = historyText(copy).replace(/"iteration":1,/, '"iteration":9,');
        writeFileSync(join(copy, '_signal_history.jsonl'), changed);
        const different = await second.samocode(['store', 'export', ...secondConfig]);
        expect(different.stdout).toContain(
          `${session}: refused: history row 1 differs from the session folder's copy`,
        );
        expect(different.exitCode).toBe(1);
        expect(historyText(copy)).toBe(changed);

        // A session a live run holds is skipped, not read half-written.
        writeFileSync(
          join(folder, '_run.lock'),
          JSON.stringify({
            pid: process.pid,
            host: hostname(),
            startedAt: new Date().toISOString(),
            command: 'samocode run',
          }),
        );
        const held = await first.samocode(['store', 'import', ...config]);
        expect(held.stdout).toContain(`${session}: skipped: held by samocode run since`);
        expect(held.exitCode).toBe(1);

        // A name that is no session of the source is a failure that names it.
        const missing = await second.samocode([
          'store',
          'export',
          ...secondConfig,
          '--session',
          'nothing-here',
        ]);
        expect(missing.stdout).toContain('nothing-here: failed: no session of that name in the store\n');
        expect(missing.exitCode).toBe(1);
      } finally {
        await opened.close();
      }
    });
  },
);
