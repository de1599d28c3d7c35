/**
 * Session leases in PostgreSQL: the lease columns of a session's row, read and written under that
 * row's lock (`SELECT … FOR UPDATE`), so of racing takers exactly one finds it free. Times are the
 * server's clock, the one clock every worker shares. A lease past its expiry is free to take; a
 * token tells the holder's own retry (a lost answer) from a new holder.
 */
import type pg from 'pg';
import * as z from 'zod';
import type { Lease, LeaseHolder, LeaseResult } from '../session-store.js';
import { iso, queryRow } from './pg-rows.js';

const LeaseRowSchema = z.object({
  worker: z.string().nullable(),
  lease_token: z.string().nullable(),
  lease_since: z.date().nullable(),
  lease_expires_at: z.date().nullable(),
  is_expired: z.boolean().nullable(),
});
type LeaseRow = z.infer<typeof LeaseRowSchema>;
const ExpirySchema = z.object({ lease_expires_at: z.date() });

const TTL = 'clock_timestamp() + make_interval(secs => $3::double precision / 1000)';

export function holderOf(row: Omit<LeaseRow, 'is_expired' | 'lease_token'>): LeaseHolder | undefined {
  if (row.worker === null || row.lease_since === null) return undefined;
  const expiresAt = iso(row.lease_expires_at);
  return { worker: row.worker, since: row.lease_since.toISOString(), ...(expiresAt ? { expiresAt } : {}) };
}

/** Locks the session's row (creating it when new) and reads its lease. */
async function lockLeaseRow(client: pg.ClientBase, s: string, session: string): Promise<LeaseRow> {
  await client.query(`INSERT INTO ${s}.sessions (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [session]);
  const row = await queryRow(
    client,
    LeaseRowSchema,
    `SELECT worker, lease_token::text, lease_since, lease_expires_at,
            lease_expires_at <= clock_timestamp() AS is_expired
       FROM ${s}.sessions WHERE name = $1 FOR UPDATE`,
    [session],
  );
  if (row === undefined) throw new Error(`the session row of ${session} vanished under its lock`);
  return row;
}

/** Takes the lease inside the caller's transaction unless a live holder has it. */
export async function takeLease(
  client: pg.ClientBase,
  s: string,
  session: string,
  worker: string,
  token: string,
  ttlMs: number,
): Promise<LeaseResult> {
  const current = await lockLeaseRow(client, s, session);
  const previous = holderOf(current);
  const isFree = current.lease_token === null || current.is_expired === true || current.lease_token === token;
  if (!isFree && previous) return { kind: 'taken', holder: previous };
  const taken = await queryRow(
    client,
    ExpirySchema,
    `UPDATE ${s}.sessions
        SET worker = $2, lease_token = $4, lease_since = clock_timestamp(), lease_expires_at = ${TTL}
      WHERE name = $1
  RETURNING lease_expires_at`,
    [session, worker, ttlMs, token],
  );
  const expiresAt = iso(taken?.lease_expires_at);
  const lease: Lease = { session, worker, token, ...(expiresAt ? { expiresAt } : {}) };
  const tookOver = current.lease_token !== null && current.lease_token !== token ? previous : undefined;
  return { kind: 'held', lease, ...(tookOver ? { tookOverFrom: tookOver } : {}) };
}

/** Extends the lease while it is still `lease.token`'s (expired or not, nobody took it); undefined when lost. */
export async function renewLease(
  client: pg.ClientBase,
  s: string,
  lease: Lease,
  ttlMs: number,
): Promise<Lease | undefined> {
  const renewed = await queryRow(
    client,
    ExpirySchema,
    `UPDATE ${s}.sessions SET lease_expires_at = ${TTL}
      WHERE name = $1 AND lease_token = $2
  RETURNING lease_expires_at`,
    [lease.session, lease.token, ttlMs],
  );
  const expiresAt = iso(renewed?.lease_expires_at);
  return expiresAt === undefined ? undefined : { ...lease, expiresAt };
}

export async function releaseLease(client: pg.ClientBase, s: string, lease: Lease): Promise<void> {
  await client.query(
    `UPDATE ${s}.sessions
        SET worker = NULL, lease_token = NULL, lease_since = NULL, lease_expires_at = NULL
      WHERE name = $1 AND lease_token = $2`,
    [lease.session, lease.token],
  );
}

/** Whether the session's row, locked here until the caller's transaction ends, still carries `lease.token`. */
export async function lockIfHeld(
  client: pg.ClientBase,
  s: string,
  lease: Lease,
): Promise<{ readonly isHeld: boolean; readonly holder?: LeaseHolder }> {
  const current = await lockLeaseRow(client, s, lease.session);
  const holder = holderOf(current);
  return { isHeld: current.lease_token === lease.token, ...(holder ? { holder } : {}) };
}
