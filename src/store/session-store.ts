/**
 * The session store: the few calls the runner and the readers (`ls`, `status`, the dashboard) make.
 * A session is named by its folder name (`26-12-07-add-login`); its records are plain JSON whose
 * shapes the runner validates. Two implementations: the session folder (`folder/`) and
 * PostgreSQL (`postgres/`); `test/store/contract/` holds both to the same behaviour.
 */
import type { JsonObject } from './json.js';

/** One history row and its place in the session's history (1, 2, 3 …; unique per session). */
export interface HistoryEntry {
  readonly seq: number;
  readonly row: JsonObject;
}

/** Who holds a session's lease: the worker, since when, and until when unless renewed. */
export interface LeaseHolder {
  readonly worker: string;
  readonly since: string;
  /** The store's clock (ISO). A folder lease lasts as long as its process: no expiry. */
  readonly expiresAt?: string;
}

/** A held lease: one holder per session at a time; the token fences a holder that lost it. */
export interface Lease {
  readonly session: string;
  readonly worker: string;
  readonly token: string;
  readonly expiresAt?: string;
}

export type LeaseResult =
  | { readonly kind: 'held'; readonly lease: Lease; readonly tookOverFrom?: LeaseHolder }
  | { readonly kind: 'taken'; readonly holder: LeaseHolder };

/** A session as stored: its settings, machine snapshot, history tail, overview and agent files. */
export interface SessionRecord {
  readonly session: string;
  readonly settings?: JsonObject;
  readonly snapshot?: JsonObject;
  readonly overview?: string;
  /** The account label (`SAMOCODE_ACCOUNT`) of the worker that last took it from the queue. */
  readonly account?: string;
  /** The `seq` of the last history row (0: none). */
  readonly lastSeq: number;
  /** The last rows asked for, oldest first. */
  readonly rows: readonly HistoryEntry[];
  /** The small files the agent keeps in the session folder (notes, plan, `_qa.md`): path → text. */
  readonly files: Readonly<Record<string, string>>;
  readonly holder?: LeaseHolder;
  readonly updatedAt?: string;
  /** The keys of the notifications already sent for this session (a restart never sends one twice). */
  readonly notified?: readonly string[];
}

/** One line of `listSessions`: enough for `ls` without reading every session whole. */
export interface SessionSummary {
  readonly session: string;
  readonly snapshot?: JsonObject;
  readonly lastRow?: HistoryEntry;
  readonly lastSeq: number;
  readonly account?: string;
  readonly holder?: LeaseHolder;
  readonly updatedAt?: string;
}

/** What one machine transition changes, written as one unit: all of it or none of it. */
export interface Transition {
  readonly snapshot: JsonObject;
  /** The history row the transition produced; a retried commit with the same `seq` is not doubled. */
  readonly row?: HistoryEntry;
  readonly overview?: string;
  /** Changed agent files: path → text, or null for a file the agent removed. */
  readonly files?: Readonly<Record<string, string | null>>;
  readonly settings?: JsonObject;
  /** Notification keys sent since the last commit, added to the session's set (recorded before each is sent). */
  readonly notified?: readonly string[];
  /** When given, the commit is refused (`store.lease-lost`) unless this lease is still the session's. */
  readonly lease?: Lease;
}

/** The decision recorded for a gate: the first writer's, whoever asks. */
export interface DecisionResult {
  /** This call's decision is the one recorded. */
  readonly isFirst: boolean;
  readonly decision: JsonObject;
  readonly decidedAt: string;
}

export interface ReadOptions {
  /** How many of the last history rows to return (default 20). */
  readonly rows?: number;
}

export interface SessionStore {
  readonly kind: 'folder' | 'postgres';
  listSessions(): Promise<SessionSummary[]>;
  readSession(session: string, options?: ReadOptions): Promise<SessionRecord | undefined>;
  commitTransition(session: string, transition: Transition): Promise<void>;
  /** First writer wins: a gate (`<session>/g<seq>-<kind>`) is decided once. */
  recordDecision(gateId: string, decision: JsonObject): Promise<DecisionResult>;
  readDecision(gateId: string): Promise<DecisionResult | undefined>;
  /** Takes the session's lease unless a live holder has it; a dead or expired holder is replaced. */
  lease(session: string, worker: string, ttlMs: number): Promise<LeaseResult>;
  /** Extends a held lease; `store.lease-lost` when it is no longer this holder's. */
  renew(lease: Lease, ttlMs: number): Promise<Lease>;
  /** Gives the lease up; nothing happens when it is no longer this holder's. */
  release(lease: Lease): Promise<void>;
  close(): Promise<void>;
}
