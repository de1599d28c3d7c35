/**
 * Where a run's transitions go. Always the session folder the agent works in, through the folder
 * store, before the machine moves on: `_state.json` with the row first, then the row (a restart
 * heals the gap). When the session lives in a shared store (PostgreSQL), each transition is then
 * committed there as well, one commit after the other, with the overview, the settings and the
 * agent's files that changed read back from the folder; the provider waits for those commits
 * (`settled`) before it starts the next attempt, so a worker that dies loses at most the attempt
 * in flight, as a local crash does.
 */
import type { HistoryRow } from '../session/history.js';
import type { SessionState } from '../session/snapshot-store.js';
import type { SessionFolder } from '../store/folder/session-folder.js';
import type { CopiedSession } from '../store/folder/working-copy.js';
import { toJsonObject } from '../store/json.js';
import type { Transition } from '../store/session-store.js';
import { type RemoteSession, readChanges } from './remote-changes.js';

export type { RemoteSession } from './remote-changes.js';

export interface SessionWriter {
  /** The state the folder held when the run opened it: what the machine restores. */
  readonly initial: SessionState | undefined;
  /** Notification keys already sent for the session. */
  readonly notified: ReadonlySet<string>;
  /** Writes a transition to the folder before it returns (a failed write throws); queues its shared commit. */
  commit(snapshot: unknown, row: HistoryRow | undefined): void;
  /** Sends the transitions written since the last call to the shared store, once `after` (a Flow Log line) is written. */
  publish(after?: Promise<void>): void;
  /** Records a notification key before it is sent (at once when a snapshot is known, else with the next commit). */
  addNotified(key: string): void;
  /** Resolves once every shared commit queued so far has landed; rejects with the first one that failed. */
  settled(): Promise<void>;
  /** Told once when a shared commit fails (at once if one has): the run must stop. */
  watchFailure(listener: (error: unknown) => void): void;
  /** The run ended: sends what changed since the last transition (the overview's ending) and waits for every shared commit. */
  close(): Promise<void>;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface Pending {
  readonly snapshot: unknown;
  readonly row?: { readonly seq: number; readonly row: HistoryRow };
  readonly notified: string[];
  /** Sent only when it carries a change (the end of a run): nothing new, no commit. */
  readonly isOptional?: boolean;
}

export interface WriterOptions {
  readonly folder: SessionFolder;
  /** The session in the shared store, when it lives in one. */
  readonly remote?: RemoteSession;
}

export function openSessionWriter(options: WriterOptions): SessionWriter {
  const { folder, remote } = options;
  let last: unknown = folder.initial?.snapshot;
  let keysToWrite: string[] = [];
  let unpublished: Pending[] = [];
  let chain: Promise<void> = Promise.resolve();
  let failure: { readonly error: unknown } | undefined;
  let onFailure: ((error: unknown) => void) | undefined;
  // What the store holds now, so each commit carries only what changed.
  const baseline: Mutable<CopiedSession> | undefined = remote ? { ...remote.base } : undefined;

  const send = async (pending: Pending): Promise<void> => {
    if (!remote || !baseline || failure) return;
    const changes = readChanges(folder.dir, baseline);
    if (pending.isOptional && pending.notified.length === 0 && Object.keys(changes).length === 0) return;
    const transition: Transition = {
      snapshot: toJsonObject(pending.snapshot),
      ...(pending.row ? { row: { seq: pending.row.seq, row: toJsonObject(pending.row.row) } } : {}),
      ...(pending.notified.length > 0 ? { notified: pending.notified } : {}),
      ...changes,
      ...(remote.lease ? { lease: remote.lease } : {}),
    };
    try {
      await remote.store.commitTransition(folder.session, transition);
      Object.assign(baseline, {
        ...(transition.overview === undefined ? {} : { overview: transition.overview }),
        ...(transition.settings ? { settings: transition.settings } : {}),
        files: applyFiles(baseline.files, transition.files),
      });
    } catch (error) {
      failure = { error };
      onFailure?.(error);
    }
  };

  const enqueue = (items: readonly Pending[], after?: Promise<void>): void => {
    if (!remote || items.length === 0) return;
    chain = chain.then(async () => {
      await after?.catch(() => undefined);
      for (const item of items) await send(item);
    });
  };

  return {
    initial: folder.initial,
    notified: folder.notified,
    commit(snapshot, row) {
      const seq = folder.lastSeq() + 1;
      folder.commit({
        snapshot: toJsonObject(snapshot),
        ...(row ? { row: { seq, row: toJsonObject(row) } } : {}),
        ...(keysToWrite.length > 0 ? { notified: keysToWrite } : {}),
      });
      last = snapshot;
      unpublished.push({ snapshot, ...(row ? { row: { seq, row } } : {}), notified: keysToWrite });
      keysToWrite = [];
    },
    publish(after) {
      const items = unpublished;
      unpublished = [];
      enqueue(items, after);
    },
    addNotified(key) {
      if (folder.notified.has(key) || keysToWrite.includes(key)) return;
      if (last === undefined) {
        keysToWrite.push(key);
        return;
      }
      folder.commit({ snapshot: toJsonObject(last), notified: [key] });
      // The shared store gets the key with the transition it belongs to, never with a snapshot ahead of its row.
      const waiting = unpublished.at(-1);
      if (waiting) waiting.notified.push(key);
      else enqueue([{ snapshot: last, notified: [key] }]);
    },
    async settled() {
      // An actor the transition started asks before the transition is recorded (xstate starts it
      // first, in the same job): the commits are queued by the next microtask.
      await Promise.resolve();
      await chain;
      if (failure) throw failure.error;
    },
    watchFailure(listener) {
      onFailure = listener;
      if (failure) listener(failure.error);
    },
    async close() {
      const items = unpublished;
      unpublished = [];
      enqueue(last === undefined ? items : [...items, { snapshot: last, notified: [], isOptional: true }]);
      await chain;
      if (failure) throw failure.error;
    },
  };
}

function applyFiles(
  files: Readonly<Record<string, string>>,
  changes: Readonly<Record<string, string | null>> | undefined,
): Record<string, string> {
  const next: Record<string, string> = { ...files };
  for (const [path, text] of Object.entries(changes ?? {})) {
    if (text === null) delete next[path];
    else next[path] = text;
  }
  return next;
}
