/**
 * The session store on one machine: `<SESSIONS>/<session>/` as samocode keeps it today
 * (`_state.json`, `_signal_history.jsonl`, `_overview.md`, the agent's files, `_run.lock`), plus
 * `_settings.json` and `_gates/`. A thin layer over `src/session/` and the runner's state store.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readHistory } from '../../session/history.js';
import { readLockStatus } from '../../session/lock.js';
import { buildSessionPaths } from '../../session/paths.js';
import { readSessionState } from '../../session/snapshot-store.js';
import { type JsonObject, JsonObjectSchema, parseJsonObject } from '../json.js';
import type {
  Lease,
  LeaseResult,
  ReadOptions,
  SessionRecord,
  SessionStore,
  SessionSummary,
  Transition,
} from '../session-store.js';
import {
  cleanRecord,
  cleanTransition,
  gateFileName,
  SETTINGS_FILE,
  sessionOfGate,
  validateSessionId,
} from '../store-rules.js';
import { commitFolderTransition } from './folder-commit.js';
import { readFolderDecision, recordFolderDecision } from './folder-decisions.js';
import { readAgentFiles } from './folder-files.js';
import { type FolderHistory, isCurrent, openFolderHistory } from './folder-history.js';
import { FolderLeases, toLeaseHolder } from './folder-lease.js';

const DEFAULT_ROWS = 20;

/** When the session last changed: its state file's modification time. */
function updatedAtOf(path: string): { updatedAt?: string } {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat ? { updatedAt: stat.mtime.toISOString() } : {};
}

function readJsonObject(path: string): JsonObject | undefined {
  if (!existsSync(path)) return undefined;
  return parseJsonObject(readFileSync(path, 'utf8'));
}

/** The snapshot and the notification keys `_state.json` holds; nothing when it is missing or unreadable. */
function readState(path: string): { snapshot?: JsonObject; notified?: readonly string[] } {
  try {
    const state = readSessionState(path);
    const parsed = JsonObjectSchema.safeParse(state?.snapshot);
    return {
      ...(parsed.success ? { snapshot: parsed.data } : {}),
      ...(state?.notified ? { notified: state.notified } : {}),
    };
  } catch {
    return {};
  }
}

export function createFolderStore(sessionsDir: string): SessionStore {
  const leases = new FolderLeases();
  const open = new Map<string, FolderHistory>();
  const dirOf = (session: string) => join(sessionsDir, validateSessionId(session));

  /** The writer's view of a session, reopened when another writer changed it since. */
  const historyOf = (session: string): FolderHistory => {
    const cached = open.get(session);
    if (cached && isCurrent(cached)) return cached;
    const opened = openFolderHistory(dirOf(session));
    open.set(session, opened);
    return opened;
  };

  const summaryOf = (session: string): SessionSummary => {
    const paths = buildSessionPaths(dirOf(session));
    const rows = readHistory(paths.history).rows;
    const last = rows.at(-1);
    const { snapshot } = readState(paths.state);
    const holder = readLockStatus(paths.lock);
    return {
      session,
      lastSeq: rows.length,
      ...(snapshot ? { snapshot } : {}),
      ...(last ? { lastRow: { seq: rows.length, row: JsonObjectSchema.parse(last) } } : {}),
      ...(holder.holder && holder.isLive ? { holder: toLeaseHolder(holder.holder) } : {}),
      ...updatedAtOf(paths.state),
    };
  };

  return {
    kind: 'folder',

    async listSessions() {
      if (!existsSync(sessionsDir)) return [];
      return readdirSync(sessionsDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && /^[A-Za-z0-9]/.test(entry.name))
        .map((entry) => summaryOf(entry.name));
    },

    async readSession(session: string, options: ReadOptions = {}): Promise<SessionRecord | undefined> {
      const dir = dirOf(session);
      if (!existsSync(dir)) return undefined;
      const paths = buildSessionPaths(dir);
      const rows = readHistory(paths.history).rows;
      const count = options.rows ?? DEFAULT_ROWS;
      const first = Math.max(0, rows.length - count);
      const settings = readJsonObject(join(dir, SETTINGS_FILE));
      const { snapshot, notified } = readState(paths.state);
      const overview = existsSync(paths.overview) ? readFileSync(paths.overview, 'utf8') : undefined;
      const holder = readLockStatus(paths.lock);
      return {
        session,
        ...(settings ? { settings } : {}),
        ...(snapshot ? { snapshot } : {}),
        ...(overview === undefined ? {} : { overview }),
        lastSeq: rows.length,
        rows:
          count <= 0
            ? []
            : rows
                .slice(first)
                .map((row, index) => ({ seq: first + index + 1, row: JsonObjectSchema.parse(row) })),
        files: readAgentFiles(dir),
        ...(holder.holder && holder.isLive ? { holder: toLeaseHolder(holder.holder) } : {}),
        ...updatedAtOf(paths.state),
        ...(notified ? { notified } : {}),
      };
    },

    async commitTransition(session: string, transition: Transition) {
      const clean = cleanTransition(session, transition);
      if (clean.lease) leases.check(clean.lease);
      mkdirSync(dirOf(session), { recursive: true });
      commitFolderTransition(historyOf(session), session, clean);
    },

    async recordDecision(gateId: string, decision: JsonObject) {
      return recordFolderDecision(dirOf(sessionOfGate(gateId)), gateFileName(gateId), cleanRecord(decision));
    },

    async readDecision(gateId: string) {
      return readFolderDecision(dirOf(sessionOfGate(gateId)), gateFileName(gateId));
    },

    async lease(session: string, worker: string): Promise<LeaseResult> {
      const dir = dirOf(session);
      const result = leases.take(session, dir, buildSessionPaths(dir).lock, worker);
      // Another process may have written while it held the session: read the files again.
      if (result.kind === 'held') open.delete(session);
      return result;
    },

    async renew(lease: Lease) {
      leases.check(lease);
      return lease;
    },

    async release(lease: Lease) {
      leases.release(lease);
    },

    async close() {
      leases.releaseAll();
      open.clear();
    },
  };
}
