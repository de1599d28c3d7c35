/**
 * Workers racing for one queued session, round after round, in processes of their own: each round
 * queues one session and every worker takes at once. The session must go to exactly one of them,
 * and the store's record must show one claim per session: two workers never run one session.
 */
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { migrateStore } from '../../../src/store/postgres/migrate.js';
import { PgDatabase } from '../../../src/store/postgres/pg-database.js';
import { startPostgresQueue } from '../../../src/store/postgres/postgres-queue.js';
import { type LineProcess, startLineProcess } from '../../helpers/line-process.js';
import { freshSchema, startPostgres, stopPostgres } from '../../helpers/postgres.js';

const cluster = await startPostgres('the PostgreSQL take race');
const url = await cluster?.createDatabase();
afterAll(() => stopPostgres(cluster));

const RACER = join(import.meta.dirname, '../../helpers/take-racer.ts');
const ROUNDS = 200;
const RACERS = 4;

const AnswerSchema = z.object({ kind: z.string(), session: z.string().nullable() });

interface Racer {
  readonly name: string;
  readonly process: LineProcess;
}

async function startRacer(schema: string, name: string): Promise<Racer> {
  return { name, process: await startLineProcess(RACER, [url ?? '', schema, name], `racer ${name}`) };
}

async function take(racer: Racer): Promise<z.infer<typeof AnswerSchema>> {
  racer.process.send('take');
  return AnswerSchema.parse(JSON.parse(await racer.process.next()));
}

const running: Racer[] = [];
afterEach(async () => {
  for (const racer of running.splice(0)) await racer.process.stop();
});

describe.skipIf(url === undefined)('workers racing for a queued session', () => {
  it(`gives each of ${ROUNDS} queued sessions to exactly one of ${RACERS} racing worker processes`, {
    timeout: 600_000,
  }, async () => {
    const schema = freshSchema();
    const db = new PgDatabase({ url: url ?? '' });
    await migrateStore(db, schema);
    const queue = await startPostgresQueue(db, { schema, bossSchema: `${schema}_boss` });
    try {
      running.push(
        ...(await Promise.all(Array.from({ length: RACERS }, (_, i) => startRacer(schema, `racer-${i}`)))),
      );
      const bad: { round: number; takers: string[] }[] = [];
      const wins = new Map<string, number>();
      for (let round = 1; round <= ROUNDS; round += 1) {
        const session = `26-12-07-race-${round}`;
        expect((await queue.submit({ session, args: {} })).kind).toBe('queued');
        const answers = await Promise.all(
          running.map(async (racer) => ({ racer: racer.name, answer: await take(racer) })),
        );
        const takers = answers.filter(({ answer }) => answer.session === session).map(({ racer }) => racer);
        if (takers.length !== 1) bad.push({ round, takers });
        for (const taker of takers) wins.set(taker, (wins.get(taker) ?? 0) + 1);
        // Nothing else was handed out: the losers found the queue empty.
        expect(answers.filter(({ answer }) => answer.kind === 'claimed')).toHaveLength(takers.length);
      }
      expect(bad).toEqual([]);
      // The store's own record: one running claim per session, each by the process that said it won.
      const observer = new pg.Client({ connectionString: url });
      await observer.connect();
      const claims = await observer.query(
        `SELECT session, count(*)::int AS n FROM ${schema}.claims GROUP BY session HAVING count(*) <> 1`,
      );
      const total = await observer.query(`SELECT count(*)::int AS n FROM ${schema}.claims`);
      await observer.end();
      expect(claims.rows).toEqual([]);
      expect(total.rows[0]?.n).toBe(ROUNDS);
      // The race was real: more than one process won rounds.
      expect(wins.size).toBeGreaterThan(1);
    } finally {
      await queue.close();
      await db.close();
    }
  });
});
