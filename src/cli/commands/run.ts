/**
 * `samocode run`: config → session folder, lock and worktree → the runner with the real provider
 * and observers. A session of a shared store (`SAMOCODE_STORE`) is held by its lease instead of the
 * lock, its folder written from the store, its branch brought from `origin` before and pushed after
 * (`run-shared.ts`); a worker runs its claims through `runWithHost` the same way.
 */

import { join } from 'node:path';
import type { HumanEvent } from '../../../machines/events.js';
import { parseGrant } from '../../config/grant.js';
import { toRunChoices } from '../../config/session-values.js';
import { renderSettingNote } from '../../config/setting-notes.js';
import { SamocodeError } from '../../errors.js';
import { EXIT } from '../../exit-codes.js';
import { createLogger } from '../../log/logger.js';
import { exitAfterLogs } from '../../log/open-logs.js';
import type { StatusTerminal } from '../../log/terminal.js';
import { loadTelegramSender } from '../../notify/telegram-sender.js';
import { reapRecordedGroup } from '../../process/process-group.js';
import { listenForStopSignals } from '../../process/stop-signals.js';
import { createProviderActor } from '../../providers/actor.js';
import { checkBilling, readHasLogin } from '../../providers/billing.js';
import { readPriceTable } from '../../providers/prices.js';
import type { SessionPlace } from '../../providers/types.js';
import { locateSession, lockSession } from '../../runner/open-session.js';
import { renderModelCostLine, renderPlanLine } from '../../runner/plan-report.js';
import { readPlanReport, writePlanFile } from '../../runner/read-plan.js';
import { runSession } from '../../runner/run-session.js';
import { openSessionWriter } from '../../runner/session-writer.js';
import { runWaiting } from '../../runner/waiting-run.js';
import {
  toFallbackSettings,
  toProviderSettings,
  toWorkflowSettings,
} from '../../runner/workflow-settings.js';
import { pullSessionBranch } from '../../session/branch-sync.js';
import { toBranchName } from '../../session/session-name.js';
import { writeSessionSettings } from '../../session/session-settings.js';
import { prepareWorktree } from '../../session/worktree.js';
import { openSessionFolder } from '../../store/folder/session-folder.js';
import type { SessionStore } from '../../store/session-store.js';
import type { SharedSession } from '../../store/shared-session.js';
import type { TelegramChannel } from '../../telegram/gate-channel.js';
import { buildTextCleaner } from '../../text/clean-text.js';
import { buildEnvRedactor } from '../../text/redact.js';
import { type PushResult, pushBranch } from '../../verify/push-branch.js';
import { createVerifyActor } from '../../verify/verify-actor.js';
import { readWorkState } from '../../verify/work-state.js';
import { renderRoutingNote } from '../../view/models-text.js';
import { toViewSettings } from '../../view/view-settings.js';
import { checkRunRequest } from '../run-checks.js';
import { buildObservers } from './run-observers.js';
import { detailFileOf, openTelegram } from './run-telegram.js';

export interface RunOptions {
  readonly config: string;
  readonly session: string;
  readonly dive?: string;
  readonly task?: string;
  readonly timeout?: string;
  readonly provider?: string;
  readonly fallbackProvider?: string;
  readonly model?: string;
  readonly once?: boolean;
  readonly autoApprove?: boolean;
  readonly inspect?: boolean | string;
  readonly maxCost?: string;
  readonly maxTokens?: string;
  readonly maxHours?: string;
  readonly grant?: string;
  readonly verify?: string;
  readonly push?: boolean;
  readonly wait?: boolean;
  readonly set?: readonly string[];
  readonly phaseModel?: readonly string[];
  readonly fallbackPhaseModel?: readonly string[];
  readonly escalateModel?: string;
}

const SETTLE_EXTRA_MS = 2_000;

/** A session of a shared store, held for this run (its lease, its working copy). */
export type HeldSession = SharedSession & { readonly store: SessionStore };

/** What a run gets from whoever started it: the CLI (nothing), or a worker running a claim. */
export interface RunHost {
  readonly held?: HeldSession;
  /** Stops the run (a worker stopping); without it the run listens for SIGINT, SIGTERM and SIGHUP itself. */
  readonly signal?: AbortSignal;
  /** Where the console lines go (a worker prefixes them with the session). */
  readonly terminal?: StatusTerminal;
  /** A worker's run stops at every gate whatever the session's `wait`: a decision queues it again. */
  readonly stopsAtGates?: boolean;
  /** Told once the session's logger exists, so warnings from elsewhere (the store) reach it too. */
  readonly onLogger?: (warn: (message: string) => void) => void;
}

export interface RunOutcome {
  readonly exitCode: number;
  /** The end message (how it stopped, what to do). */
  readonly message?: string;
  /** Why the session branch could not be pushed at this stop (its commits are only here). */
  readonly unpushed?: string;
  /** The shared store gave the session to another holder during the run. */
  readonly isLeaseLost?: boolean;
}

export async function runCommand(options: RunOptions): Promise<number> {
  const { runShared } = await import('./run-shared.js');
  const shared = await runShared(options);
  if (shared !== undefined) return shared;
  return (await runWithHost(options, {})).exitCode;
}

/** One signal that aborts when any of `sources` does. */
function anyOf(sources: readonly (AbortSignal | undefined)[]): AbortSignal {
  const controller = new AbortController();
  for (const source of sources) {
    if (source === undefined) continue;
    if (source.aborted) controller.abort(source.reason);
    else source.addEventListener('abort', () => controller.abort(source.reason), { once: true });
  }
  return controller.signal;
}

export async function runWithHost(options: RunOptions, host: RunHost): Promise<RunOutcome> {
  const { held } = host;
  // Every check first, in one pass: nothing is created (folder, lock, worktree, branch) when one fails.
  const { config, inspectMode, settings, warnings } = await checkRunRequest(options);
  const choices = toRunChoices(settings.merge.effective);
  const grant = options.grant === undefined ? undefined : parseGrant(options.grant);
  const env = config.environment;
  // The fallback provider bills too: the same policy holds for it.
  const billings = [config.provider, ...(config.fallback ? [config.fallback.provider] : [])].map((provider) =>
    checkBilling({ provider, env, hasLogin: readHasLogin(provider, env), policy: config.limits.billing }),
  );
  const refusal = billings.find((billing) => billing.refusal !== undefined)?.refusal;
  if (refusal) throw new SamocodeError('config.invalid', refusal);
  const prices = readPriceTable(config.limits.pricesFile);
  // Everything the run can need is loaded before it starts: a build or an upgrade may replace the
  // package's files while the session runs for hours.
  if (config.telegram.botToken !== '' && config.telegram.chatId !== '') await loadTelegramSender();
  const session =
    settings.location && settings.paths
      ? { name: options.session, location: settings.location, paths: settings.paths }
      : locateSession(config, options.session);
  // The lock makes the session folder that session.log lives in: its warnings wait for the logger.
  // A held session (a shared store's lease) has its folder already, and no lock: the lease is the lock.
  const lockWarnings: string[] = [];
  const lock = held ? undefined : lockSession(session, 'run', (message) => lockWarnings.push(message));
  const log = createLogger({
    sessionDir: session.location.dir,
    console: true,
    level: 'info',
    env,
    ...(host.terminal ? { terminal: host.terminal } : {}),
  });
  const warn = (message: string) => log.logger.warn(message);
  host.onLogger?.(warn);
  for (const warning of lockWarnings) warn(warning);
  for (const warning of [...warnings, ...billings.flatMap((billing) => billing.warnings)]) warn(warning);
  // The first signal stops the run cleanly; a second one exits at once (the provider tree is killed on exit).
  // SIGHUP (the terminal closed) means the same: without a handler Node would exit and leave the provider.
  const stopSignals = host.signal
    ? { signal: host.signal, dispose: () => undefined }
    : listenForStopSignals({
        onStop: (signal) =>
          warn(`${signal}: stopping the provider and saving the state; send it again to exit at once`),
        onExit: (signal) => {
          warn(`${signal} again: exiting now (the provider's process group is killed)`);
          exitAfterLogs(EXIT.interrupted);
        },
      });
  let isLeaseLost = false;
  held?.lost.addEventListener(
    'abort',
    () => {
      isLeaseLost = true;
      const reason: unknown = held.lost.reason;
      warn(`${reason instanceof Error ? reason.message : 'the lease was lost'}; stopping this run`);
    },
    { once: true },
  );
  const stop = anyOf([stopSignals.signal, held?.lost]);
  let stopInspector: (() => Promise<void>) | undefined;
  let telegram: TelegramChannel | undefined;
  try {
    // Written under the lock, before anything runs: a later run (and status) finds what this one used.
    if (settings.merge.shouldWrite) writeSessionSettings(session.paths.settings, settings.merge.record);
    for (const note of settings.merge.notes) {
      if (note.kind === 'notApplied') warn(renderSettingNote(note));
      else log.logger.info(renderSettingNote(note));
    }
    // A samocode killed by SIGKILL leaves its detached provider group running; this run owns the lock now.
    const orphan = await reapRecordedGroup(session.paths.providerGroup, config.killGraceS * 1000);
    if (orphan !== undefined) warn(`stopped the provider process group ${orphan} left by a killed run`);
    const folder = session.location.folder;
    const branch = toBranchName(folder, config.branchPrefix);
    // Another worker may have moved the session on: its branch comes from origin first.
    const pulled = held
      ? await pullSessionBranch({
          mainRepo: config.mainRepo,
          branch,
          worktreePath: join(config.worktrees, folder),
          timeoutMs: config.pushTimeoutS * 1000,
          signal: stop,
        })
      : undefined;
    if (pulled && 'warning' in pulled && pulled.warning) warn(pulled.warning);
    if (pulled?.kind === 'updated')
      log.logger.info(`branch ${branch} brought from origin at ${pulled.head.slice(0, 12)}`);
    const work = await prepareWorktree({
      mainRepo: config.mainRepo,
      worktrees: config.worktrees,
      folder,
      branch,
      ...(pulled && pulled.kind !== 'new' && pulled.kind !== 'no-remote' ? { isBranchExpected: true } : {}),
    });
    if (work.warning) warn(work.warning);
    const place: SessionPlace = {
      sessionName: folder,
      sessionDir: session.location.dir,
      workDir: work.workDir,
      mainRepo: config.mainRepo,
      worktreePath: work.worktreePath,
      branch: work.branch,
      ...(choices.dive ? { dive: choices.dive } : {}),
      ...(choices.task ? { task: choices.task } : {}),
    };
    const fallbackNote = config.fallback
      ? `, fallback=${config.fallback.provider} (model=${config.fallback.model || 'default'}) after limits of ${config.fallbackAfterS}s or more`
      : '';
    log.logger.info(
      `session ${folder}: provider=${config.provider}, model=${config.model || 'default'}${renderRoutingNote(config)}${fallbackNote}, timeout=${config.timeoutS}s, workdir=${work.workDir} (${work.mode})`,
    );
    const openWriter = () =>
      openSessionWriter({
        folder: openSessionFolder(session.location.dir),
        ...(held ? { remote: { store: held.store, lease: held.lease, base: held.base } } : {}),
      });
    let writer = openWriter();
    const plan = readPlanReport(config, session.paths);
    log.logger.info(renderPlanLine(plan));
    const modelCost = renderModelCostLine(plan);
    if (modelCost) log.logger.info(modelCost);
    writePlanFile(session.paths.plan, plan);
    const viewSettings = toViewSettings(config);
    const observers = buildObservers({
      sessionName: folder,
      configPath: config.configPath,
      notify: {
        place: {
          folder,
          dir: session.location.dir,
          configPath: config.configPath,
          branch: place.branch,
          ...(work.mode === 'in-place' ? {} : { worktree: work.workDir }),
        },
        settings: viewSettings,
      },
      log,
      telegram: config.telegram,
      sentNotificationKeys: writer.notified,
      onNotificationSending: (key) => writer.addNotified(key),
      env,
      providers: {
        primary: config.provider,
        ...(config.fallback ? { fallback: config.fallback.provider } : {}),
      },
      maxAttempts: config.maxRetries,
      ...(config.escalateModel ? { escalationModel: config.escalateModel } : {}),
      heartbeatMs: config.heartbeatS * 1000,
    });
    let inspect: Parameters<typeof runSession>[0]['inspect'];
    if (inspectMode) {
      const { startInspector, renderInspectorBanner } = await import('../../inspect/start-inspector.js');
      const inspector = await startInspector({
        mode: inspectMode,
        env,
        redact: log.redact,
        port: config.inspectPort,
        sessionName: folder,
      });
      log.logger.info(renderInspectorBanner(inspectMode, inspector.url, inspector.localUrl));
      // In the background: the run starts while the Stately page is probed; stop() ends the probe.
      void inspector.statelyWarning.then((warning) => warning && warn(warning));
      inspect = inspector.inspect;
      stopInspector = () => inspector.stop();
    }
    const providerSettings = toProviderSettings(config, env, prices);
    const fallback = toFallbackSettings(config, env, prices);
    let turns = 0;
    const runOnce = (event: HumanEvent | undefined, signal: AbortSignal) => {
      const isFirst = turns++ === 0;
      // A later turn restores what the previous one saved (the loop restores the writer's first read).
      if (!isFirst) writer = openWriter();
      return runSession({
        sessionDir: session.location.dir,
        place,
        createProvider: (observer, persisted) =>
          createProviderActor({
            settings: providerSettings,
            ...(fallback ? { fallback } : {}),
            place,
            observer,
            persisted,
          }),
        ...(config.verify.command === ''
          ? {}
          : {
              verifier: createVerifyActor({
                command: config.verify.command,
                timeoutMs: config.verify.timeoutS * 1000,
                killGraceMs: providerSettings.killGraceMs,
                workDir: place.workDir,
                branch: place.branch,
                logsDir: session.paths.logs,
                env,
                clean: buildTextCleaner(buildEnvRedactor(env)),
                groupFile: session.paths.providerGroup,
              }),
            }),
        readWork: () => readWorkState(place.workDir, place.branch),
        settings: toWorkflowSettings(config, {
          autoApprove: choices.autoApprove,
          once: options.once === true,
        }),
        provider: config.provider,
        model: config.model,
        ...(config.fallback ? { fallbackProvider: config.fallback.provider } : {}),
        ...(config.escalateModel ? { escalationModel: config.escalateModel } : {}),
        configPath: config.configPath,
        viewSettings,
        observers,
        writer,
        warn,
        settleMs: providerSettings.killGraceMs + SETTLE_EXTRA_MS,
        signal,
        // The grant tops up the first restore only; a decision's event carries its own.
        ...(event ? { event } : grant && isFirst ? { grant } : {}),
        ...(inspect ? { inspect } : {}),
        clean: buildTextCleaner(log.redact),
      });
    };
    const isWaiting = choices.wait && host.stopsAtGates !== true;
    if (isWaiting) telegram = openTelegram(config, log, warn);
    const channel = telegram;
    const result = await runWaiting({
      isWaiting,
      runOnce,
      gate: {
        ...(channel
          ? {
              announce: (gate, asks) =>
                channel.announce({
                  sessionDir: session.location.dir,
                  sessionName: folder,
                  gateId: gate.id,
                  gateKind: gate.kind,
                  asks,
                  ...detailFileOf(gate.kind, session.paths),
                }),
            }
          : {}),
        paths: session.paths,
        place: { folder, dir: session.location.dir, configPath: config.configPath },
        viewSettings,
        signal: stop,
        say: (message) => log.logger.info(message),
        warn,
      },
    });
    log.logger.info(result.message);
    const outcome = { exitCode: isLeaseLost ? EXIT.locked : result.exitCode, message: result.message };
    // A team's session is pushed at every stop, so whichever worker runs it next starts from it.
    const shouldPush = held
      ? work.mode !== 'in-place' && !isLeaseLost && pulled?.kind !== 'no-remote'
      : choices.push && result.exitCode === EXIT.complete;
    if (!shouldPush) return { ...outcome, isLeaseLost };
    const pushed: PushResult = await pushBranch(config.mainRepo, place.branch, {
      timeoutMs: config.pushTimeoutS * 1000,
      ...(held ? {} : { signal: stop }),
    });
    if (pushed.pushed) log.logger.info(`pushed branch ${pushed.branch} to origin (${pushed.remote})`);
    else warn(held ? `the session branch was not pushed: ${pushed.reason}` : `--push: ${pushed.reason}`);
    if (!pushed.pushed && pushed.isInterrupted === true) return { exitCode: EXIT.interrupted };
    return pushed.pushed ? outcome : { ...outcome, unpushed: pushed.reason };
  } finally {
    stopSignals.dispose();
    await telegram?.stop();
    lock?.release();
    await stopInspector?.();
    await log.close();
    // The inspector's client may keep timers alive; exit once everything above has finished.
    if (stopInspector) setTimeout(() => process.exit(), 200).unref();
  }
}
