/**
 * The behaviour every SessionStore owes its callers, run against the folder and the PostgreSQL
 * implementation alike (`folder/folder-store.test.ts`, `postgres/postgres-store.test.ts`).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionStore } from '../../src/store/session-store.js';
import { iterationsOf, sampleRow, sampleSnapshot } from './store-records.js';

export interface StoreUnderTest {
  readonly store: SessionStore;
  /** A second store on the same data (another process's view, another pool of connections). */
  openOther(): Promise<SessionStore>;
  dispose(): Promise<void>;
}

const SESSION = '26-12-07-add-login';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof Error && 'code' in error
      ? String(error.code)
      : `not a coded error: ${String(error)}`;
  }
  return 'resolved';
}

export function describeSessionStoreContract(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`${name}: the session store contract`, () => {
    let subject: StoreUnderTest;
    let store: SessionStore;
    beforeEach(async () => {
      subject = await open();
      store = subject.store;
    });
    afterEach(async () => {
      await subject.dispose();
    });

    it('knows no session before its first commit', async () => {
      expect(await store.readSession(SESSION)).toBeUndefined();
      expect(await store.listSessions()).toEqual([]);
    });

    it('reads back what a commit wrote: snapshot, row, overview, agent files and settings', async () => {
      await store.commitTransition(SESSION, {
        snapshot: sampleSnapshot(1),
        row: { seq: 1, row: sampleRow(1) },
        overview: '# Session: add-login\nPhase: init\n',
        files: { '_qa.md': '# Questions\n1. Which form?\n', 'plans/plan.md': 'step one\n' },
        settings: { autoApprove: true, wait: false },
      });
      const record = await store.readSession(SESSION);
      expect(record?.session).toBe(SESSION);
      expect(iterationsOf(record?.snapshot)).toBe(1);
      expect(record?.lastSeq).toBe(1);
      expect(record?.rows).toEqual([{ seq: 1, row: sampleRow(1) }]);
      expect(record?.overview).toBe('# Session: add-login\nPhase: init\n');
      expect(record?.files).toEqual({
        '_qa.md': '# Questions\n1. Which form?\n',
        'plans/plan.md': 'step one\n',
      });
      expect(record?.settings).toEqual({ autoApprove: true, wait: false });
    });

    it('returns the last N rows oldest first, and the last row in the listing', async () => {
      for (let seq = 1; seq <= 5; seq += 1)
        await store.commitTransition(SESSION, {
          snapshot: sampleSnapshot(seq),
          row: { seq, row: sampleRow(seq) },
        });
      const record = await store.readSession(SESSION, { rows: 2 });
      expect(record?.rows.map((entry) => entry.seq)).toEqual([4, 5]);
      expect(record?.rows[1]?.row).toEqual(sampleRow(5));
      expect(record?.lastSeq).toBe(5);
      const [summary] = await store.listSessions();
      expect(summary?.session).toBe(SESSION);
      expect(summary?.lastSeq).toBe(5);
      expect(summary?.lastRow).toEqual({ seq: 5, row: sampleRow(5) });
      expect(iterationsOf(summary?.snapshot)).toBe(5);
    });

    it('never doubles a row when a commit is retried, and keeps the snapshot of the retry', async () => {
      await store.commitTransition(SESSION, {
        snapshot: sampleSnapshot(1),
        row: { seq: 1, row: sampleRow(1) },
      });
      await store.commitTransition(SESSION, {
        snapshot: sampleSnapshot(2),
        row: { seq: 2, row: sampleRow(2) },
      });
      await store.commitTransition(SESSION, {
        snapshot: sampleSnapshot(2),
        row: { seq: 2, row: sampleRow(2) },
      });
      const record = await store.readSession(SESSION, { rows: 10 });
      expect(record?.rows.map((entry) => entry.seq)).toEqual([1, 2]);
      expect(iterationsOf(record?.snapshot)).toBe(2);
    });

    it('commits a transition without a row (an approval) and keeps the history as it was', async () => {
      await store.commitTransition(SESSION, {
        snapshot: sampleSnapshot(1),
        row: { seq: 1, row: sampleRow(1) },
      });
      await store.commitTransition(SESSION, { snapshot: sampleSnapshot(7) });
      const record = await store.readSession(SESSION);
      expect(record?.lastSeq).toBe(1);
      expect(iterationsOf(record?.snapshot)).toBe(7);
    });

    it('refuses a row out of order or a different row under a stored seq, and writes nothing of that commit', async () => {
      await store.commitTransition(SESSION, {
        snapshot: sampleSnapshot(1),
        row: { seq: 1, row: sampleRow(1) },
      });
      expect(
        await codeOf(
          store.commitTransition(SESSION, {
            snapshot: sampleSnapshot(3),
            row: { seq: 3, row: sampleRow(3) },
          }),
        ),
      ).toBe('store.row-order');
      expect(
        await codeOf(
          store.commitTransition(SESSION, {
            snapshot: sampleSnapshot(9),
            row: { seq: 1, row: sampleRow(1, 'crash') },
          }),
        ),
      ).toBe('store.row-conflict');
      const record = await store.readSession(SESSION);
      expect(record?.lastSeq).toBe(1);
      expect(iterationsOf(record?.snapshot)).toBe(1);
    });

    it('updates and removes agent files, and refuses paths outside the session', async () => {
      await store.commitTransition(SESSION, {
        snapshot: sampleSnapshot(1),
        files: { 'notes.md': 'a\n', 'plan.md': 'p\n' },
      });
      await store.commitTransition(SESSION, {
        snapshot: sampleSnapshot(2),
        files: { 'notes.md': 'b\n', 'plan.md': null },
      });
      expect((await store.readSession(SESSION))?.files).toEqual({ 'notes.md': 'b\n' });
      for (const path of ['../escape.md', '/etc/passwd', '_state.json', '.hidden', 'a/../../b']) {
        expect(
          await codeOf(
            store.commitTransition(SESSION, { snapshot: sampleSnapshot(3), files: { [path]: 'x' } }),
          ),
        ).toBe('store.file');
      }
      expect(iterationsOf((await store.readSession(SESSION))?.snapshot)).toBe(2);
    });

    it('stores no secret and no raw control character', async () => {
      const key = `sk-ant-api03-${'x'.repeat(30)}`;
      await store.commitTransition(SESSION, {
        snapshot: sampleSnapshot(1),
        row: { seq: 1, row: { ...sampleRow(1), rawSignal: `{"summary":"used ${key}"}` } },
        overview: `Last Action: \u001b[31mred\u001b[0m with ${key}\n`,
        files: { 'notes.md': `bell\u0007 ${key}\n` },
      });
      const record = await store.readSession(SESSION);
      const stored = JSON.stringify(record);
      expect(stored).not.toContain(key);
      expect(stored).not.toMatch(/\\u001b|\\u0007/);
      expect(record?.overview).toContain('[redacted]');
      expect(record?.files['notes.md']).toContain('\u2407');
    });

    it('records the first decision of a gate and hands every later writer the winner', async () => {
      const gate = `${SESSION}/g3-approval`;
      const first = await store.recordDecision(gate, {
        gateId: gate,
        action: 'approve',
        channel: 'telegram',
        who: '@alice',
        at: '2026-12-07T12:04:00.000Z',
      });
      const second = await store.recordDecision(gate, {
        gateId: gate,
        action: 'reject',
        channel: 'cli',
        who: 'bob',
        at: '2026-12-07T12:05:00.000Z',
      });
      expect(first.isFirst).toBe(true);
      expect(second.isFirst).toBe(false);
      expect(second.decision.who).toBe('@alice');
      expect(second.decision.action).toBe('approve');
      expect((await store.readDecision(gate))?.decision.channel).toBe('telegram');
      expect(await store.readDecision(`${SESSION}/g4-approval`)).toBeUndefined();
      expect(await codeOf(store.recordDecision('no-gate-here', { action: 'approve' }))).toBe('store.gate');
    });

    it('lets exactly one of many concurrent writers (two stores) decide a gate', async () => {
      const other = await subject.openOther();
      try {
        const gate = `${SESSION}/g1-answers`;
        const results = await Promise.all(
          Array.from({ length: 16 }, (_, index) =>
            (index % 2 === 0 ? store : other).recordDecision(gate, {
              gateId: gate,
              action: 'answer',
              who: `writer-${index}`,
            }),
          ),
        );
        expect(results.filter((result) => result.isFirst)).toHaveLength(1);
        const winner = results.find((result) => result.isFirst)?.decision.who;
        expect(new Set(results.map((result) => result.decision.who))).toEqual(new Set([winner]));
      } finally {
        await other.close();
      }
    });

    it('leases a session to one holder at a time, and refuses a commit or renewal by a holder that lost it', async () => {
      const other = await subject.openOther();
      try {
        const first = await store.lease(SESSION, 'worker-a', 60_000);
        expect(first.kind).toBe('held');
        if (first.kind !== 'held') return;
        const refused = await other.lease(SESSION, 'worker-b', 60_000);
        expect(refused.kind === 'taken' ? refused.holder.worker : 'held twice').toBe('worker-a');
        expect((await other.readSession(SESSION))?.holder?.worker).toBe('worker-a');
        await store.commitTransition(SESSION, {
          snapshot: sampleSnapshot(1),
          row: { seq: 1, row: sampleRow(1) },
          lease: first.lease,
        });
        expect((await store.renew(first.lease, 60_000)).token).toBe(first.lease.token);
        await store.release(first.lease);
        const second = await other.lease(SESSION, 'worker-b', 60_000);
        expect(second.kind).toBe('held');
        expect(await codeOf(store.renew(first.lease, 60_000))).toBe('store.lease-lost');
        expect(
          await codeOf(
            store.commitTransition(SESSION, {
              snapshot: sampleSnapshot(2),
              row: { seq: 2, row: sampleRow(2) },
              lease: first.lease,
            }),
          ),
        ).toBe('store.lease-lost');
        expect((await other.readSession(SESSION))?.lastSeq).toBe(1);
        if (second.kind === 'held') await other.release(second.lease);
      } finally {
        await other.close();
      }
    });

    it('keeps the notification keys of a session as a set: new keys added, a retried commit adds nothing', async () => {
      await store.commitTransition(SESSION, { snapshot: sampleSnapshot(1), notified: ['blocked:3'] });
      await store.commitTransition(SESSION, {
        snapshot: sampleSnapshot(2),
        row: { seq: 1, row: sampleRow(1) },
        notified: ['waiting:4', 'blocked:3'],
      });
      await store.commitTransition(SESSION, { snapshot: sampleSnapshot(2), notified: ['waiting:4'] });
      await store.commitTransition(SESSION, { snapshot: sampleSnapshot(3) });
      const record = await store.readSession(SESSION);
      expect([...(record?.notified ?? [])].sort()).toEqual(['blocked:3', 'waiting:4']);
      expect(iterationsOf(record?.snapshot)).toBe(3);
    });

    it('refuses a session id that is a path', async () => {
      expect(await codeOf(store.commitTransition('../etc', { snapshot: sampleSnapshot(1) }))).toBe(
        'store.session',
      );
      expect(await codeOf(store.lease('a/b', 'w', 1000))).toBe('store.session');
    });
  });
}
