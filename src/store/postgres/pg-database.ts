/**
 * The connection pool every PostgreSQL operation goes through. An operation that finds the server
 * unreachable (refused, reset, shut down, restarted) waits with backoff, says so through `onNotice`,
 * and runs again from the start once the server answers; it gives up with `store.unreachable` only
 * after `maxWaitMs`. So every operation must be safe to run twice (a COMMIT whose answer was lost
 * may have landed): the store's writes are upserts, `ON CONFLICT DO NOTHING`, or checked by token.
 */
import pg from 'pg';
import { SamocodeError } from '../../errors.js';
import { classifyDatabaseError, describeDatabaseError } from './database-errors.js';
import {
  buildBackNotice,
  buildWaitingNotice,
  DEFAULT_MAX_WAIT_MS,
  nextDelay,
  type StoreNotice,
} from './wait-policy.js';

export interface DatabaseOptions {
  /** A `postgres://` URL (SAMOCODE_STORE). */
  readonly url: string;
  /** Told when an operation starts waiting for the server, at each try, and when it is back. */
  readonly onNotice?: (notice: StoreNotice) => void;
  readonly maxWaitMs?: number;
  /** Most connections this process opens (default 10). */
  readonly maxConnections?: number;
  readonly applicationName?: string;
}

/** The server as shown in messages: host, port and database, never the user or password. */
export function describeServer(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return '(SAMOCODE_STORE)';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const MAX_CONFLICT_TRIES = 10;

export class PgDatabase {
  readonly server: string;
  private readonly pool: pg.Pool;
  private readonly onNotice: (notice: StoreNotice) => void;
  private readonly maxWaitMs: number;
  private isClosed = false;

  constructor(options: DatabaseOptions) {
    this.server = describeServer(options.url);
    this.onNotice = options.onNotice ?? (() => undefined);
    this.maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.maxConnections ?? 10,
      application_name: options.applicationName ?? 'samocode',
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
    });
    // A connection cut by a server restart is dropped by the pool (idle) or fails its query (in use):
    // the operation finds out and waits. The late 'error' a cut client emits has nobody else to hear it.
    this.pool.on('error', () => undefined);
    this.pool.on('connect', (client) => client.on('error', () => undefined));
  }

  /** Runs `work` on one connection, again from the start after a lost connection or a serialization conflict. */
  async run<T>(what: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let waitingSince: number | undefined;
    let tries = 0;
    let conflicts = 0;
    for (;;) {
      if (this.isClosed) throw new SamocodeError('store.closed', `${what}: the store is closed`);
      let client: pg.PoolClient | undefined;
      try {
        client = await this.pool.connect();
        const result = await work(client);
        client.release();
        if (waitingSince !== undefined)
          this.onNotice(buildBackNotice(this.server, what, Date.now() - waitingSince));
        return result;
      } catch (error) {
        // A connection that saw an error is closed, not reused: the server ends any transaction it had open.
        client?.release(true);
        const failure = classifyDatabaseError(error);
        if (failure === 'conflict' && conflicts < MAX_CONFLICT_TRIES) {
          conflicts += 1;
          await sleep(nextDelay(0, Math.random()) / 10);
          continue;
        }
        if (failure !== 'unreachable') throw error;
        waitingSince ??= Date.now();
        const waited = Date.now() - waitingSince;
        if (waited >= this.maxWaitMs) {
          throw new SamocodeError(
            'store.unreachable',
            `PostgreSQL ${this.server} stayed unreachable for ${Math.round(waited / 1000)} s (${describeDatabaseError(error)}) during ${what}: start the server or fix SAMOCODE_STORE, then run again; what was committed is kept`,
            { cause: error },
          );
        }
        const delay = Math.min(nextDelay(tries, 0.5 + Math.random() / 2), this.maxWaitMs - waited);
        tries += 1;
        this.onNotice(buildWaitingNotice(this.server, what, describeDatabaseError(error), waited, delay));
        await sleep(delay);
      }
    }
  }

  /**
   * `work` inside BEGIN … COMMIT, the whole transaction run again after a lost connection.
   * `isSnapshot`: a read-only transaction whose reads all see one moment (REPEATABLE READ).
   */
  transaction<T>(
    what: string,
    work: (client: pg.PoolClient) => Promise<T>,
    options: { readonly isSnapshot?: boolean } = {},
  ): Promise<T> {
    return this.run(what, async (client) => {
      await client.query(options.isSnapshot ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    });
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    await this.pool.end();
  }
}
