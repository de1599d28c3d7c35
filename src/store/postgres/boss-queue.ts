/**
 * pg-boss 10 as samocode uses it: its own schema, one queue of policy `short` (at most one queued
 * job per singleton key, the session), no cron, its maintenance through samocode's pool (so it
 * waits out an unreachable server like every other call). Started under an advisory lock, so
 * workers that start at once create pg-boss's schema and the queue one after the other.
 */
import type pg from 'pg';
import PgBoss from 'pg-boss';
import { LOCK_SPACE } from './migrate.js';
import type { PgDatabase } from './pg-database.js';

const START_LOCK = 3;

export interface BossOptions {
  /** pg-boss's tables (default `samocode_boss`). */
  readonly bossSchema?: string;
  readonly queueName?: string;
  /** Times a failed or abandoned run is queued again before pg-boss gives up on it (default 10). */
  readonly retryLimit?: number;
  /** pg-boss's own expiry of an active job, a backstop to the session lease (default 23 h, its maximum). */
  readonly jobExpireSeconds?: number;
  /** How often pg-boss runs its maintenance (expiry, archive), in seconds (default 120). */
  readonly maintenanceIntervalSeconds?: number;
  /** pg-boss's background errors, which never stop a take. */
  readonly warn?: (message: string) => void;
}

export interface BossQueue {
  readonly boss: PgBoss;
  readonly name: string;
  readonly schema: string;
}

/** pg-boss running its statements on the caller's transaction. */
export function bossOn(client: pg.ClientBase): { db: PgBoss.Db } {
  return { db: { executeSql: async (text, values) => client.query(text, values) } };
}

export async function startBoss(db: PgDatabase, options: BossOptions): Promise<BossQueue> {
  const name = options.queueName ?? 'samocode-sessions';
  const schema = options.bossSchema ?? 'samocode_boss';
  const boss = new PgBoss({
    db: { executeSql: (text, values) => db.run('the queue', (client) => client.query(text, values)) },
    schema,
    schedule: false,
    supervise: true,
    migrate: true,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 120,
  });
  boss.on('error', (error) => options.warn?.(`queue maintenance: ${error.message}`));
  await db.run('start the queue', async (client) => {
    await client.query('SELECT pg_advisory_lock($1, $2)', [LOCK_SPACE, START_LOCK]);
    try {
      await boss.start();
      if ((await boss.getQueue(name)) === null) {
        await boss.createQueue(name, {
          name,
          policy: 'short',
          retryLimit: options.retryLimit ?? 10,
          retryDelay: 1,
          expireInSeconds: options.jobExpireSeconds ?? 23 * 3600,
        });
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_SPACE, START_LOCK]);
    }
  });
  return { boss, name, schema };
}
