/**
 * Opens the store `SAMOCODE_STORE` names: empty for the session folder (one machine, no server),
 * or a `postgres://` URL (a team: workers on any machine). The PostgreSQL schema is created or
 * migrated on open; the queue (pg-boss) starts on first use, so readers (`ls`, `status`) do not
 * pay for it. The PostgreSQL modules (pg, pg-boss) are loaded only when one is configured.
 */
import { SamocodeError } from '../errors.js';
import { hideSecret } from '../text/redact.js';
import { createFolderQueue } from './folder/folder-queue.js';
import { createFolderStore } from './folder/folder-store.js';
import type { StoreNotice } from './postgres/wait-policy.js';
import type { SessionQueue } from './session-queue.js';
import type { SessionStore } from './session-store.js';

export interface StoreOptions {
  /** `SAMOCODE_STORE`: empty or undefined for the folder store, else a `postgres://` URL. */
  readonly url?: string;
  /** `SESSIONS`: the folder store's root. */
  readonly sessionsDir: string;
  /** PostgreSQL unreachable, waiting, back: say so to the user. */
  readonly onNotice?: (notice: StoreNotice) => void;
  readonly warn?: (message: string) => void;
  /** How long an operation waits for an unreachable server before it fails. */
  readonly maxWaitMs?: number;
}

export interface OpenStore {
  readonly store: SessionStore;
  /** The queue, started on first call. */
  queue(): Promise<SessionQueue>;
  close(): Promise<void>;
}

const POSTGRES_URL = /^postgres(ql)?:\/\//;

/** Throws `config.invalid` for a SAMOCODE_STORE that is neither empty nor a PostgreSQL URL. */
export function checkStoreUrl(url: string | undefined): 'folder' | 'postgres' {
  if (url === undefined || url.trim() === '') return 'folder';
  if (POSTGRES_URL.test(url)) return 'postgres';
  throw new SamocodeError(
    'config.invalid',
    `SAMOCODE_STORE must be empty (the session folder) or a PostgreSQL URL such as postgres://user@db.example:5432/samocode, not "${(hideSecret(url) ?? '').slice(0, 80)}"`,
  );
}

export async function openStore(options: StoreOptions): Promise<OpenStore> {
  if (checkStoreUrl(options.url) === 'folder') {
    const store = createFolderStore(options.sessionsDir);
    const queue = createFolderQueue(options.sessionsDir, store);
    return { store, queue: async () => queue, close: () => store.close() };
  }
  const [{ PgDatabase }, { migrateStore }, { createPostgresStore }, { startPostgresQueue }] =
    await Promise.all([
      import('./postgres/pg-database.js'),
      import('./postgres/migrate.js'),
      import('./postgres/postgres-store.js'),
      import('./postgres/postgres-queue.js'),
    ]);
  const db = new PgDatabase({
    url: options.url ?? '',
    ...(options.onNotice ? { onNotice: options.onNotice } : {}),
    ...(options.maxWaitMs === undefined ? {} : { maxWaitMs: options.maxWaitMs }),
  });
  try {
    await migrateStore(db, 'samocode');
  } catch (error) {
    await db.close();
    throw error;
  }
  const store = createPostgresStore(db);
  let started: Promise<SessionQueue> | undefined;
  return {
    store,
    queue: () => {
      started ??= startPostgresQueue(db, options.warn ? { warn: options.warn } : {});
      return started;
    },
    async close() {
      if (started) await (await started).close();
      await store.close();
    },
  };
}
