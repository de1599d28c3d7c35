/**
 * `run`: the session loop with the real provider, driven until the machine stops. Restore is one
 * event (`resume`, or the event the caller names): every parked sub-state knows what it means.
 * Then the loop waits for an exit tag (or an interrupt), stops the machine, gives an attempt in
 * flight a moment to reap its processes, and reports the end. Every "what next" is the machine's.
 */
import type { InspectionEvent } from 'xstate';
import type { Spend } from '../../machines/budget.js';
import type { HumanEvent } from '../../machines/events.js';
import type { ProviderLogic, VerifierLogic, WorkflowSettings } from '../../machines/workflow.js';
import { EXIT } from '../exit-codes.js';
import { removeEmptyGroupRecord } from '../process/group-record.js';
import type { LogWriteError, ProviderObserver, SessionPlace } from '../providers/types.js';
import { explainWriteFailure } from '../session/write-failure.js';
import { type CleanText, cleanStored } from '../text/clean-text.js';
import type { WorkState } from '../verify/work-state.js';
import type { ViewSettings } from '../view/index.js';
import { trackAttempts } from './attempt-tracker.js';
import { viewSettingsOf } from './end-message.js';
import { type RunResult, reportEnd } from './end-report.js';
import type { SessionObserver } from './observer.js';
import { warnOnStderr } from './open-session.js';
import { openSessionLoop } from './session-loop.js';
import type { SessionWriter } from './session-writer.js';

export type { RunResult } from './end-report.js';

export interface RunSessionOptions {
  readonly sessionDir: string;
  readonly place: SessionPlace;
  /**
   * Builds the provider actor; the runner's observer collects attempt reports for history rows, and
   * `persisted` resolves once the transitions so far are stored (an attempt starts after it).
   */
  readonly createProvider: (observer: ProviderObserver, persisted: () => Promise<void>) => ProviderLogic;
  /** Runs the verify command when the machine checks a `done` (only with `settings.verify`). */
  readonly verifier?: VerifierLogic;
  /** Reads the git state of the work for a completion the agent only claimed (uncommitted work is reported). */
  readonly readWork?: () => Promise<WorkState>;
  readonly settings: WorkflowSettings;
  readonly provider: string;
  readonly model: string;
  /** The primary's escalation model ('' or absent: none), for the line that says an escalation. */
  readonly escalationModel?: string;
  /** The fallback provider's name, when one is configured (for the Flow Log line of a switch). */
  readonly fallbackProvider?: string;
  readonly configPath: string;
  readonly once?: boolean;
  readonly autoApprove?: boolean;
  readonly observers?: readonly SessionObserver[];
  readonly signal?: AbortSignal;
  /** Opened by the caller when it needs the notified keys before the run (Telegram), or stores the session elsewhere too. */
  readonly writer?: SessionWriter;
  /** Passed to `createActor` (the inspector). */
  readonly inspect?: (event: InspectionEvent) => void;
  readonly warn?: (message: string) => void;
  readonly now?: () => Date;
  /** After a stop mid-attempt, wait up to this long for the attempt to report its end (its process reaped). */
  readonly settleMs?: number;
  /** A human's top-up of the spend budgets (`run --grant`), sent with the restore's `resume`. */
  readonly grant?: Spend;
  /** The event sent after a restore instead of `resume` (e.g. `approve`, then run on). */
  readonly event?: HumanEvent;
  /** What the end message needs to explain a stop (the verify command, budgets, caps). */
  readonly viewSettings?: ViewSettings;
  /**
   * Cleans what the run stores that did not pass the provider actor (the task and dive written to
   * `_overview.md`); default: the token shapes only. The prompt still carries them as given.
   */
  readonly clean?: CleanText;
}

export async function runSession(options: RunSessionOptions): Promise<RunResult> {
  const now = options.now ?? (() => new Date());
  const warn = options.warn ?? warnOnStderr;
  const observers = options.observers ?? [];
  const clean = options.clean ?? cleanStored;
  // What the session files keep of the place: the task and dive cleaned like every stored text.
  const storedPlace: SessionPlace = {
    ...options.place,
    ...(options.place.task === undefined ? {} : { task: clean(options.place.task) }),
    ...(options.place.dive === undefined ? {} : { dive: clean(options.place.dive) }),
  };
  // The work state of a claimed completion is read once (git runs three commands) for the Flow Log line and the end message.
  let work: Promise<WorkState | undefined> | undefined;
  const readWork = (): Promise<WorkState | undefined> => {
    work ??= options.readWork?.() ?? Promise.resolve(undefined);
    return work;
  };
  let onLogWriteError = (_error: LogWriteError): void => undefined;
  const attempts = trackAttempts(observers, warn, (error) => onLogWriteError(error));
  const settings: WorkflowSettings = {
    ...options.settings,
    autoApprove: options.autoApprove ?? options.settings.autoApprove,
    once: options.once ?? options.settings.once,
  };
  // The provider is built before the loop it waits on: an attempt starts once the transitions before it are stored.
  let persisted = (): Promise<void> => Promise.resolve();
  const loop = openSessionLoop({
    sessionDir: options.sessionDir,
    place: storedPlace,
    settings,
    provider: options.createProvider(attempts.observer, () => persisted()),
    ...(options.verifier ? { verifier: options.verifier } : {}),
    providerName: options.provider,
    model: options.model,
    ...(options.escalationModel ? { escalationModel: options.escalationModel } : {}),
    ...(options.fallbackProvider ? { fallbackProvider: options.fallbackProvider } : {}),
    observers,
    ...(options.writer ? { writer: options.writer } : {}),
    ...(options.inspect ? { inspect: options.inspect } : {}),
    warn,
    now,
    takeReports: attempts.take,
    readWork,
  });
  persisted = () => loop.persisted();
  // A provider log that cannot be written (a full disk) stops the run, the provider with it.
  let logFailure: unknown;
  onLogWriteError = (error) => {
    const cause = Object.assign(new Error(error.message), { code: error.code });
    logFailure ??= explainWriteFailure(cause, loop.paths.logs, 'the provider log') ?? cause;
    loop.halt(EXIT.usage);
  };
  const onAbort = () => loop.halt(EXIT.interrupted);
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  loop.start();
  const isResumable = loop.isRestored && loop.current().status === 'active';
  if (isResumable) loop.send(options.event ?? { type: 'resume', ...grantOf(options.grant) });
  else if (options.grant) {
    warn(
      !loop.isRestored
        ? '--grant was not used: this session has not run before, so it starts fresh with the caps as set'
        : '--grant was not used: the session is already complete (a grant tops up a session blocked by a budget)',
    );
  }
  loop.checkExit();

  const exitCode = await loop.exited;
  options.signal?.removeEventListener('abort', onAbort);
  const final = loop.stop();
  await attempts.settle(options.settleMs ?? 0);
  // The attempts empty the provider's pid record instead of removing it; a record of a tree not
  // seen dead is not empty and stays for the next run.
  removeEmptyGroupRecord(loop.paths.providerGroup);
  if (logFailure !== undefined) throw logFailure;
  loop.throwIfWriteFailed();
  await loop.flushed();
  const result = await reportEnd({
    exitCode,
    final,
    paths: loop.paths,
    place: storedPlace,
    configPath: options.configPath,
    viewSettings: options.viewSettings ?? viewSettingsOf(settings),
    observers,
    warn,
    now,
    readWork,
  });
  await loop.closeWriter();
  return result;
}

const grantOf = (grant: Spend | undefined) => (grant ? { grant } : {});
