/** The session store and queue: one seam, a folder and a PostgreSQL implementation. */
export { createFolderQueue } from './folder/folder-queue.js';
export { createFolderStore } from './folder/folder-store.js';
export type { Json, JsonObject } from './json.js';
export { checkStoreUrl, type OpenStore, openStore, type StoreOptions } from './open-store.js';
export { migrateStore } from './postgres/migrate.js';
export { PgDatabase } from './postgres/pg-database.js';
export { startPostgresQueue } from './postgres/postgres-queue.js';
export { createPostgresStore } from './postgres/postgres-store.js';
export type { StoreNotice } from './postgres/wait-policy.js';
export type * from './session-queue.js';
export type * from './session-store.js';
