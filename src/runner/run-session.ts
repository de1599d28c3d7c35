/**
 * The loop: builds the actor from the machine plus the provider, restores `_state.json`, and after
 * every transition persists the snapshot, appends the history row, patches `_overview.md` and tells
 * the observers. It stops when the machine reaches a stop state; every "what next" is the machine's.
 */
import { existsSync } from 'node:fs';
import { type Actor, createActor, type InspectionEvent } from 'xstate';
import type { Spend } from '../../machines/budget.js';
import type { IterationEndedEvent, VerificationEndedEvent, WorkflowEvent } from '../../machines/events.js';
import { PHASE_REGISTRY } from '../../machines/phases.js';
import { renderState, type StateOf, stateOfValue } from '../../machines/sub-states.js';
import {
  buildWorkflow,
  type ProviderLogic,
  type VerifierLogic,
  type WorkflowContext,
  type WorkflowSettings,
} from '../../machines/workflow.js';
import { EXIT } from '../exit-codes.js';
import { removeEmptyGroupRecord } from '../providers/group-record.js';
import { describeImpossibleFigure } from '../providers/stream-figures.js';
import type { AttemptReport, LogWriteError, ProviderObserver, SessionPlace } from '../providers/types.js';
import { appendHistoryRow, type HistoryRow, readLastRow } from '../session/history.js';
import { ensureLogsFolder } from '../session/logs-folder.js';
import { buildSessionPaths, type SessionPaths } from '../session/paths.js';
import { findPlanFile } from '../session/plan-file.js';
import { explainWriteFailure } from '../session/write-failure.js';
import { type CleanText, cleanStored } from '../text/clean-text.js';
import { completionOf, describeCompletion } from '../verify/completion-text.js';
import type { WorkState } from '../verify/work-state.js';
import { joinEndParts, renderEndParts } from './end-message.js';
import { exitCodeOf } from './exit-code.js';
import { describeFlowEvent } from './flow-event.js';
import { buildHistoryRow, buildVerifyRow, isSameRow } from './history-row.js';
import { iterationsRun } from './iteration-count.js';
import { notifyObservers, notifyObserversAsync } from './notify-observers.js';
import type { SessionObserver, SnapshotView } from './observer.js';
import { warnOnStderr } from './open-session.js';
import { writeOverview } from './overview-writer.js';
import { describeProviderSwitch } from './provider-switch.js';
import { toRestorableSnapshot } from './restorable-snapshot.js';
import { openStateStore, type StateStore } from './state-store.js';

export interface RunSessionOptions {
  readonly sessionDir: string;
  readonly place: SessionPlace;
  /** Builds the provider actor; the runner's observer collects attempt reports for history rows. */
  readonly createProvider: (observer: ProviderObserver) => ProviderLogic;
  /** Runs the verify command when the machine checks a `done` (only with `settings.verify`). */
  readonly verifier?: VerifierLogic;
  /** Reads the git state of the work for a completion the agent only claimed (uncommitted work is reported). */
  readonly readWork?: () => WorkState;
  readonly settings: WorkflowSettings;
  readonly provider: string;
  readonly model: string;
  /** The fallback provider's name, when one is configured (for the Flow Log line of a switch). */
  readonly fallbackProvider?: string;
  readonly configPath: string;
  readonly once?: boolean;
  readonly autoApprove?: boolean;
  readonly observers?: readonly SessionObserver[];
  readonly signal?: AbortSignal;
  /** Opened by the caller when it needs the notified keys before the run (Telegram). */
  readonly store?: StateStore;
  /** Passed to `createActor` (the inspector). */
  readonly inspect?: (event: InspectionEvent) => void;
  readonly warn?: (message: string) => void;
  readonly now?: () => Date;
  /** After a stop mid-attempt, wait up to this long for the attempt to report its end (its process reaped). */
  readonly settleMs?: number;
  /** A human's top-up of the spend budgets (`run --grant`), sent with the restore's `resume`. */
  readonly grant?: Spend;
  /**
   * Cleans what the run stores that did not pass the provider actor (the task and dive written to
   * `_overview.md`); default: the token shapes only. The prompt still carries them as given.
   */
  readonly clean?: CleanText;
}

export interface RunResult {
  readonly exitCode: number;
  readonly final: SnapshotView;
  readonly message: string;
}

const isWorkflowEvent = (event: { type: string }): event is WorkflowEvent =>
  !event.type.startsWith('xstate.');

function toView(snapshot: { value: unknown; status: string; context: WorkflowContext }): SnapshotView {
  return { value: snapshot.value, status: snapshot.status, context: snapshot.context };
}

/**
 * Appends the row `_state.json` recorded if the crash came between the state write and the append.
 * Reads the history's last row either way, so a history that is not a regular file stops the run now.
 */
function reconcileHistory(paths: SessionPaths, store: StateStore): void {
  const last = readLastRow(paths.history);
  const recorded = store.lastRow();
  if (!recorded || isSameRow(last, recorded)) return;
  if (last && last.time > recorded.time) return;
  appendHistoryRow(paths.history, recorded);
}

export async function runSession(options: RunSessionOptions): Promise<RunResult> {
  const now = options.now ?? (() => new Date());
  const warn = options.warn ?? warnOnStderr;
  const observers = options.observers ?? [];
  const paths = buildSessionPaths(options.sessionDir);
  const clean = options.clean ?? cleanStored;
  const storedPlace: SessionPlace = {
    ...options.place,
    ...(options.place.task === undefined ? {} : { task: clean(options.place.task) }),
    ...(options.place.dive === undefined ? {} : { dive: clean(options.place.dive) }),
  };
  ensureLogsFolder(paths.logs);
  const store = options.store ?? openStateStore(paths.state);
  reconcileHistory(paths, store);

  // The work state of a claimed completion is read once (git runs three commands) for the Flow Log line and the end message.
  let work: WorkState | undefined;
  const readWorkOnce = (): WorkState | undefined => {
    work ??= options.readWork?.();
    return work;
  };
  const reports: AttemptReport[] = [];
  // A CLI that sends an impossible figure sends it every attempt: one warning per field and run.
  const warnedFigures = new Set<string>();
  const warnImpossible = (report: AttemptReport): void => {
    for (const figure of report.impossible ?? []) {
      const key = `${report.provider} ${figure.field}`;
      if (warnedFigures.has(key)) continue;
      warnedFigures.add(key);
      warn(describeImpossibleFigure(report.provider, figure));
    }
  };
  let inFlight = 0;
  let onSettled: () => void = () => undefined;
  const providerObserver: ProviderObserver = {
    onAttemptStart: () => {
      inFlight += 1;
    },
    onProgress: (progress) => notifyObservers(observers, 'onProgress', progress, warn),
    onAttemptEnd: (report) => {
      if (report.logWriteError) stopOnLogWriteError(report.logWriteError);
      inFlight = Math.max(0, inFlight - 1);
      if (inFlight === 0) onSettled();
      reports.push(report);
      warnImpossible(report);
      notifyObservers(observers, 'onAttemptEnd', report, warn);
    },
  };

  const settings: WorkflowSettings = {
    ...options.settings,
    autoApprove: options.autoApprove ?? options.settings.autoApprove,
    once: options.once ?? options.settings.once,
  };
  const machine = buildWorkflow(PHASE_REGISTRY, settings).provide({
    actors: {
      provider: options.createProvider(providerObserver),
      ...(options.verifier ? { verifier: options.verifier } : {}),
    },
  });

  let halted = false;
  let finish: (code: number) => void = () => undefined;
  // A write that fails (a full disk) stops the run, the provider with it; it is thrown after cleanup.
  let writeFailure: unknown;
  const stopOnLogWriteError = (error: LogWriteError) => {
    const cause = Object.assign(new Error(error.message), { code: error.code });
    writeFailure ??= explainWriteFailure(cause, paths.logs, 'the provider log') ?? cause;
    finish(EXIT.usage);
  };
  const finished = new Promise<number>((resolve) => {
    finish = (code) => {
      if (halted) return;
      halted = true;
      resolve(code);
    };
  });

  let root: Actor<typeof machine> | undefined;
  let previous: { snapshot: object; value: unknown; state: StateOf; context: WorkflowContext } | undefined;
  // Set by the machine's `iteration.ended` event; the snapshot that follows carries its row.
  let ended: IterationEndedEvent | undefined;
  // Set by the machine's `verification.ended` event, the same way.
  let verified: VerificationEndedEvent | undefined;
  let isStarting = true;
  const onInspect = (inspection: InspectionEvent) => {
    options.inspect?.(inspection);
    if (inspection.type !== '@xstate.snapshot' || root === undefined || inspection.actorRef !== root) return;
    if (halted) return;
    const actor = root;
    const snapshot = actor.getSnapshot();
    // An event no state handled leaves the very same snapshot: nothing to record.
    if (snapshot === previous?.snapshot) return;
    const state = stateOfValue(snapshot.value);
    const after = { snapshot, value: snapshot.value, state, context: snapshot.context };
    const before = previous;
    previous = after;
    const event = inspection.event;
    const rowOf = { provider: options.provider, model: options.model, time: now(), after: state };
    const row: HistoryRow | undefined = ended
      ? buildHistoryRow({ ...rowOf, ended, afterContext: snapshot.context, reports: reports.splice(0) })
      : verified
        ? buildVerifyRow({ ...rowOf, ended: verified })
        : undefined;
    ended = undefined;
    verified = undefined;
    // Exactly once: the state (with the row) first, then the row; a restart reconciles the gap.
    try {
      store.save(actor.getPersistedSnapshot(), row);
      if (row) appendHistoryRow(paths.history, row);
    } catch (error) {
      writeFailure ??= explainWriteFailure(error, paths.dir, 'the session state') ?? error;
      finish(EXIT.usage);
      return;
    }
    if (before && isWorkflowEvent(event)) {
      const switched = describeProviderSwitch(
        before.context,
        after.context,
        {
          primary: options.provider,
          ...(options.fallbackProvider ? { fallback: options.fallbackProvider } : {}),
        },
        now(),
      );
      writeOverview(
        paths,
        storedPlace,
        after,
        now,
        {
          iteration: row?.iteration ?? iterationsRun(after.state, after.context).total,
          from: renderState(before.state),
          to: renderState(after.state),
          event: describeFlowEvent({
            event,
            before: before.context,
            after,
            maxAttempts: settings.maxAttempts,
            switched,
            // The completion line says whether samocode verified the work or the agent only claimed it.
            completion: () =>
              describeCompletion(
                completionOf(after.context.receipt, after.context.receipt ? undefined : readWorkOnce()),
              ),
          }),
        },
        warn,
      );
      notifyObservers(
        observers,
        'onTransition',
        {
          sessionName: options.place.sessionName,
          event,
          before: { value: before.value, status: 'active', context: before.context },
          after: toView(snapshot),
        },
        warn,
      );
    }
    if (isStarting) return;
    const code = exitCodeOf(snapshot);
    if (code !== undefined) finish(code);
  };

  const restored = store.initial?.snapshot;
  const actor = createActor(machine, {
    ...(restored ? { snapshot: toRestorableSnapshot(machine, restored, paths.state) } : {}),
    inspect: onInspect,
  });
  root = actor;
  if (!existsSync(paths.overview)) {
    const state = stateOfValue(actor.getSnapshot().value);
    writeOverview(paths, storedPlace, { state, context: undefined }, now, undefined, warn);
  }
  actor.on('iteration.ended', (event) => {
    ended = event;
  });
  actor.on('verification.ended', (event) => {
    verified = event;
  });
  const onAbort = () => finish(EXIT.interrupted);
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  actor.start();
  isStarting = false;
  // Re-asserts the owned lines (a hand-edited `Phase:`) even when the run stops without a transition.
  if (restored && !halted) {
    const state = stateOfValue(actor.getSnapshot().value);
    writeOverview(paths, storedPlace, { state, context: actor.getSnapshot().context }, now, undefined, warn);
  }
  // Restore is one event: every parked sub-state knows what `resume` means; others ignore it.
  if (restored && !halted && actor.getSnapshot().status === 'active') {
    actor.send({ type: 'resume', ...(options.grant ? { grant: options.grant } : {}) });
  } else if (options.grant) {
    warn(
      !restored
        ? '--grant was not used: this session has not run before, so it starts fresh with the caps as set'
        : actor.getSnapshot().status === 'done'
          ? '--grant was not used: the session is already complete (a grant tops up a session blocked by a budget)'
          : '--grant was not used: the run stopped before the session resumed; run again with it',
    );
  }
  const code = exitCodeOf(actor.getSnapshot());
  if (code !== undefined) finish(code);

  const exitCode = await finished;
  options.signal?.removeEventListener('abort', onAbort);
  const finalSnapshot = actor.getSnapshot();
  actor.stop();
  if (inFlight > 0 && (options.settleMs ?? 0) > 0) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.settleMs);
      onSettled = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
  // The attempts empty the provider's pid record instead of removing it; a record of a tree not
  // seen dead is not empty and stays for the next run.
  removeEmptyGroupRecord(paths.providerGroup);
  if (writeFailure !== undefined) throw writeFailure;
  const final = toView(finalSnapshot);
  const finalState = stateOfValue(finalSnapshot.value);
  const claimed = finalState.sub === undefined && finalSnapshot.context.receipt === undefined;
  const finalWork = claimed ? readWorkOnce() : undefined;
  const planFile = finalState.sub === 'awaitingApproval' ? findPlanFile(options.sessionDir) : undefined;
  const end = renderEndParts(
    exitCode,
    finalState,
    finalSnapshot.context,
    {
      sessionName: options.place.sessionName,
      configPath: options.configPath,
      sessionDir: options.sessionDir,
      branch: options.place.branch,
      workDir: options.place.workDir,
      ...(planFile ? { planFile } : {}),
    },
    finalWork,
  );
  const message = joinEndParts(end);
  // The agent's Last Action/Next describe its iteration; once the run stops they must say how it ended.
  writeOverview(
    paths,
    storedPlace,
    { state: finalState, context: finalSnapshot.context },
    now,
    undefined,
    warn,
    { lastAction: `samocode: ${end.happened}`, next: end.next },
  );
  await notifyObserversAsync(
    observers,
    { sessionName: options.place.sessionName, exitCode, final, message },
    warn,
  );
  return { exitCode, final, message };
}
