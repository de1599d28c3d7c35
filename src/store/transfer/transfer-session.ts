/**
 * Copies one session from a source store into a target store, under both stores' leases, so no run
 * starts on either copy meanwhile: read both, plan (pure, `transfer-plan.ts`), then write the rows
 * the target lacks one transition each (a copy cut short resumes where it stopped), the head with
 * the last one, and the gates' decisions. Results are data; an error becomes a `failed` outcome.
 */
import { cleanStored } from '../../text/clean-text.js';
import type { JsonObject } from '../json.js';
import type { Lease, SessionRecord, SessionStore, Transition } from '../session-store.js';
import { toDecisionKeyOrder, toHistoryKeyOrder } from './schema-key-order.js';
import { type Decisions, listGateIdsOfRows, planTransfer } from './transfer-plan.js';

export type TransferOutcome =
  | { readonly kind: 'copied'; readonly session: string; readonly rows: number; readonly newRows: number }
  | { readonly kind: 'same'; readonly session: string; readonly rows: number }
  | { readonly kind: 'refused' | 'skipped' | 'failed'; readonly session: string; readonly reason: string };

export interface TransferSides {
  readonly from: SessionStore;
  readonly to: SessionStore;
  /** The source and the target in messages: "the store", "the session folder". */
  readonly fromWhere: string;
  readonly where: string;
  /** The lease holder's name while copying (`samocode store import`). */
  readonly worker: string;
  /** Gates the source holds decisions for beyond those its history names (a folder's `_gates/`). */
  readonly listGates?: (session: string) => readonly string[];
}

/** Long enough for a large session; a copy that dies leaves a lease that expires. */
/** What a failed copy says: the error's message, cleaned of secrets and control characters. */
const reasonOf = (error: unknown): string =>
  cleanStored(error instanceof Error ? error.message : String(error));

const LEASE_MS = 10 * 60_000;
const ALL_ROWS = 2_147_483_647;

async function readDecisions(store: SessionStore, gateIds: readonly string[]): Promise<Decisions> {
  const decisions = new Map<string, JsonObject>();
  for (const gateId of gateIds) {
    const found = await store.readDecision(gateId);
    if (found) decisions.set(gateId, found.decision);
  }
  return decisions;
}

/** The overview, files, settings and notification keys: the target's files the source lacks are removed. */
function headOf(source: SessionRecord, target: SessionRecord | undefined): Partial<Transition> {
  const removed = Object.keys(target?.files ?? {}).filter((path) => !(path in source.files));
  return {
    ...(source.overview === undefined ? {} : { overview: source.overview }),
    files: { ...Object.fromEntries(removed.map((path) => [path, null])), ...source.files },
    ...(source.settings ? { settings: source.settings } : {}),
    ...(source.notified && source.notified.length > 0 ? { notified: source.notified } : {}),
  };
}

async function copyHeld(sides: TransferSides, session: string, lease: Lease): Promise<TransferOutcome> {
  const { from, to } = sides;
  const source = await from.readSession(session, { rows: ALL_ROWS });
  if (source === undefined) return { kind: 'failed', session, reason: 'it vanished while being copied' };
  const { snapshot } = source;
  if (snapshot === undefined)
    return { kind: 'failed', session, reason: 'it has no machine snapshot (it never ran); nothing to copy' };
  const target = await to.readSession(session, { rows: ALL_ROWS });
  const gateIds = [...new Set([...listGateIdsOfRows(source.rows), ...(sides.listGates?.(session) ?? [])])]
    .filter((gateId) => gateId.startsWith(`${session}/`))
    .sort();
  const decisions = { source: await readDecisions(from, gateIds), target: await readDecisions(to, gateIds) };
  const plan = planTransfer(source, target, decisions, { from: sides.fromWhere, to: sides.where });
  if (plan.kind === 'refused') return { kind: 'refused', session, reason: plan.reason };
  if (plan.kind === 'same') return { kind: 'same', session, rows: plan.rows };
  // A folder keeps the rows as written; PostgreSQL kept them without key order.
  const rows = source.rows
    .slice(plan.fromSeq)
    .map((entry) => (to.kind === 'folder' ? { seq: entry.seq, row: toHistoryKeyOrder(entry.row) } : entry));
  if (plan.isNew || rows.length > 0) {
    const head = headOf(source, target);
    for (const [index, row] of rows.entries())
      await to.commitTransition(session, {
        snapshot,
        row,
        lease,
        ...(index === rows.length - 1 ? head : {}),
      });
    if (rows.length === 0) await to.commitTransition(session, { snapshot, lease, ...head });
  }
  for (const [gateId, decision] of decisions.source) {
    if (decisions.target.has(gateId)) continue;
    const recorded = await to.recordDecision(
      gateId,
      to.kind === 'folder' ? toDecisionKeyOrder(decision) : decision,
    );
    if (!recorded.isFirst)
      return {
        kind: 'failed',
        session,
        reason: `the gate ${gateId} was decided in ${sides.where} meanwhile`,
      };
  }
  return { kind: 'copied', session, rows: plan.rows, newRows: rows.length };
}

const heldBy = (
  session: string,
  holder: { worker: string; since: string },
  where: string,
): TransferOutcome => ({
  kind: 'skipped',
  session,
  reason: `held by ${holder.worker} since ${holder.since} in ${where}; copy it again when that run has stopped`,
});

export async function transferSession(sides: TransferSides, session: string): Promise<TransferOutcome> {
  try {
    const fromLease = await sides.from.lease(session, sides.worker, LEASE_MS);
    if (fromLease.kind === 'taken') return heldBy(session, fromLease.holder, sides.fromWhere);
    try {
      const toLease = await sides.to.lease(session, sides.worker, LEASE_MS);
      if (toLease.kind === 'taken') return heldBy(session, toLease.holder, sides.where);
      try {
        return await copyHeld(sides, session, toLease.lease);
      } finally {
        await sides.to.release(toLease.lease);
      }
    } finally {
      await sides.from.release(fromLease.lease);
    }
  } catch (error) {
    return { kind: 'failed', session, reason: reasonOf(error) };
  }
}
