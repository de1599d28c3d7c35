/**
 * The one loop every command that moves a session goes through (`run`, `approve`, and any later
 * command that sends a human event): the machine plus the actors this command provides, restored
 * from `_state.json`, every transition recorded (`session-recorder.ts`) through the session's
 * writer (`session-writer.ts`), and an end when the machine reaches a state tagged with an exit
 * class (or the caller halts it). It decides nothing.
 */
import { existsSync } from 'node:fs';
import { type AnyActorRef, createActor, type InspectionEvent } from 'xstate';
import type { HumanEvent } from '../../machines/events.js';
import { PHASE_REGISTRY } from '../../machines/phases.js';
import { type StateOf, stateOfValue } from '../../machines/sub-states.js';
import {
  buildWorkflow,
  type ProviderLogic,
  type VerifierLogic,
  type WorkflowContext,
  type WorkflowSettings,
} from '../../machines/workflow.js';
import { EXIT } from '../exit-codes.js';
import type { AttemptReport, SessionPlace } from '../providers/types.js';
import { ensureLogsFolder } from '../session/logs-folder.js';
import { buildSessionPaths, type SessionPaths } from '../session/paths.js';
import { openSessionFolder } from '../store/folder/session-folder.js';
import type { WorkState } from '../verify/work-state.js';
import { exitCodeOf } from './exit-code.js';
import type { SessionObserver } from './observer.js';
import { writeOverview } from './overview-writer.js';
import { toRestorableSnapshot } from './restorable-snapshot.js';
import { createSessionRecorder } from './session-recorder.js';
import { openSessionWriter, type SessionWriter } from './session-writer.js';

export interface SessionLoopOptions {
  readonly sessionDir: string;
  readonly place: SessionPlace;
  readonly settings: WorkflowSettings;
  /** The provider actor; absent: the machine's idle one (a human event that must not start an attempt). */
  readonly provider?: ProviderLogic;
  readonly verifier?: VerifierLogic;
  /** The primary provider's and model's names, and the fallback's, for history rows and the Flow Log. */
  readonly providerName: string;
  readonly model: string;
  readonly fallbackProvider?: string;
  /** The primary's escalation model, for the Flow Log line of an escalation. */
  readonly escalationModel?: string;
  readonly observers?: readonly SessionObserver[];
  /** Where transitions go; default: the session folder alone. */
  readonly writer?: SessionWriter;
  readonly inspect?: (event: InspectionEvent) => void;
  readonly warn: (message: string) => void;
  readonly now: () => Date;
  readonly takeReports?: () => AttemptReport[];
  readonly readWork?: () => Promise<WorkState | undefined>;
}

/** A snapshot's state and context, as the commands read them. */
export interface LoopState {
  readonly state: StateOf;
  readonly context: WorkflowContext;
  readonly value: unknown;
  readonly status: string;
}

export interface SessionLoop {
  readonly paths: SessionPaths;
  /** `_state.json` held a snapshot: the session ran before. */
  readonly isRestored: boolean;
  current(): LoopState;
  /** Whether the machine, where it is now, handles the event. */
  can(event: HumanEvent): boolean;
  start(): void;
  /** Sends a human event, stamped with the time; nothing once the loop halted or the session is over. */
  send(event: HumanEvent): void;
  /** Halts with the exit code of where the machine is, if it is a stop (a run that had nothing to do). */
  checkExit(): void;
  /** Resolves with the exit code: the exit class the machine reached, or the code `halt` gave. */
  readonly exited: Promise<number>;
  halt(code: number): void;
  /** Stops the machine (an attempt in flight is killed) and returns where it stopped. */
  stop(): LoopState;
  /** A write that failed (a full disk) halted the loop; rethrown here, after cleanup. */
  throwIfWriteFailed(): void;
  /** Resolves once every Flow Log line is written. */
  flushed(): Promise<void>;
  /** Resolves once every transition so far is in the shared store (at once for a folder session). */
  persisted(): Promise<void>;
  /** After the end is reported: the last changes (the overview's ending) to the shared store, every commit awaited. */
  closeWriter(): Promise<void>;
}

export function openSessionLoop(options: SessionLoopOptions): SessionLoop {
  const { warn, now } = options;
  const paths = buildSessionPaths(options.sessionDir);
  ensureLogsFolder(paths.logs);
  const writer = options.writer ?? openSessionWriter({ folder: openSessionFolder(paths.dir) });
  const machine = buildWorkflow(PHASE_REGISTRY, options.settings).provide({
    actors: {
      ...(options.provider ? { provider: options.provider } : {}),
      ...(options.verifier ? { verifier: options.verifier } : {}),
    },
  });
  const recorder = createSessionRecorder({
    paths,
    place: options.place,
    writer,
    observers: options.observers ?? [],
    warn,
    now,
    provider: options.providerName,
    model: options.model,
    ...(options.fallbackProvider ? { fallbackProvider: options.fallbackProvider } : {}),
    ...(options.escalationModel ? { escalationModel: options.escalationModel } : {}),
    maxAttempts: options.settings.maxAttempts,
    takeReports: options.takeReports ?? (() => []),
    readWork: options.readWork ?? (() => Promise.resolve(undefined)),
  });

  let halted = false;
  let isStarting = true;
  // Set before the actor is stopped: the `stopped` snapshot it then reports is not the session's state.
  let isStopping = false;
  let writeFailure: unknown;
  let resolveExit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => {
    resolveExit = resolve;
  });
  const halt = (code: number) => {
    if (halted) return;
    halted = true;
    resolveExit(code);
  };

  // A shared commit that fails (a lease lost to another worker, a store gone for too long) ends the run like a failed write.
  writer.watchFailure((error) => {
    writeFailure ??= error;
    halt(EXIT.usage);
  });

  const restored = writer.initial?.snapshot;
  let root: AnyActorRef | undefined;
  const actor = createActor(machine, {
    ...(restored ? { snapshot: toRestorableSnapshot(machine, restored, paths.state) } : {}),
    inspect: (inspection: InspectionEvent) => {
      options.inspect?.(inspection);
      if (inspection.type !== '@xstate.snapshot' || inspection.actorRef !== root) return;
      if (halted || isStopping) return;
      try {
        recorder.record({
          snapshot: actor.getSnapshot(),
          persisted: actor.getPersistedSnapshot(),
          event: inspection.event,
        });
      } catch (error) {
        writeFailure ??= error;
        // A failed write ends the run as a usage problem: the message says what to free or fix.
        halt(EXIT.usage);
        return;
      }
      if (isStarting) return;
      const code = exitCodeOf(actor.getSnapshot());
      if (code !== undefined) halt(code);
    },
  });
  root = actor;
  actor.on('iteration.ended', (event) => recorder.onIterationEnded(event));
  actor.on('verification.ended', (event) => recorder.onVerificationEnded(event));

  const current = (): LoopState => {
    const snapshot = actor.getSnapshot();
    return {
      state: stateOfValue(snapshot.value),
      context: snapshot.context,
      value: snapshot.value,
      status: snapshot.status,
    };
  };
  const writeOwnedLines = () => {
    const { state, context } = current();
    writeOverview(
      paths,
      options.place,
      { state, context: restored ? context : undefined },
      now,
      undefined,
      warn,
    );
  };

  return {
    paths,
    isRestored: restored !== undefined,
    current,
    can: (event) => actor.getSnapshot().can(event),
    start() {
      if (!existsSync(paths.overview)) writeOwnedLines();
      actor.start();
      isStarting = false;
      // Re-asserts the owned lines (a hand-edited `Phase:`) even when nothing moves.
      if (restored && !halted) writeOwnedLines();
    },
    send(event) {
      if (halted || actor.getSnapshot().status !== 'active') return;
      actor.send({ ...event, at: now().getTime() });
    },
    checkExit() {
      const code = exitCodeOf(actor.getSnapshot());
      if (code !== undefined) halt(code);
    },
    exited,
    halt,
    stop() {
      const stopped = current();
      isStopping = true;
      actor.stop();
      return stopped;
    },
    throwIfWriteFailed() {
      if (writeFailure !== undefined) throw writeFailure;
    },
    flushed: () => recorder.flushed(),
    persisted: () => writer.settled(),
    closeWriter: () => writer.close(),
  };
}
