/**
 * The provider actor: one attempt = one CLI process. It removes the old signal, builds the prompt,
 * spawns the CLI, parses its stream, classifies the outcome and sends exactly one event back.
 * Stopping it kills the process group; nothing is sent after stop.
 */
import { join } from 'node:path';
import { fromCallback } from 'xstate';
import type { Usage } from '../../machines/budget.js';
import { isSignalEvent, type WorkflowEvent } from '../../machines/events.js';
import type { Phase } from '../../machines/phases.js';
import type { ProviderInput } from '../../machines/workflow.js';
import { buildSessionPaths } from '../session/paths.js';
import { buildTextCleaner, type CleanText } from '../text/clean-text.js';
import { buildEnvRedactor } from '../text/redact.js';
import { billingOfCodex } from './billing.js';
import { cleanEvent } from './clean-event.js';
import { buildProviderEnv } from './env.js';
import { modelFor } from './model-routing.js';
import { type Classified, toOutcomeEvent } from './outcome.js';
import { BUILT_IN_PRICES, estimateClaudeCostUsd, estimateCostUsd } from './prices.js';
import type { ProcessEnd } from './process-end.js';
import { buildPrompt, cachePromptParts, type PromptParts, readPromptParts } from './prompt.js';
import { readSessionFilesMark } from './session-files-mark.js';
import { readSignalFile, removeSignalFile } from './signal-file.js';
import { spawnProvider } from './spawn.js';
import type { StreamFigures } from './stream-figures.js';
import { buildProviderArgs, createStreamReader } from './stream-reader.js';
import type {
  AttemptReport,
  CostBasis,
  ProviderName,
  ProviderObserver,
  ProviderSettings,
  SessionPlace,
} from './types.js';
import { buildProgressMark, readWorktreeMark } from './worktree-mark.js';

export interface ProviderActorDeps {
  readonly settings: ProviderSettings;
  /** The fallback provider, for attempts the machine runs on it (`input.provider`). */
  readonly fallback?: ProviderSettings;
  readonly place: SessionPlace;
  readonly observer?: ProviderObserver;
  readonly readPromptParts?: (phase: Phase) => Promise<PromptParts>;
  readonly now?: () => number;
  /** Redacts and neutralises the agent's text; default: the secrets of `settings.env` and the token shapes. */
  readonly clean?: CleanText;
  /** Reads the worktree mark after a clean exit; default `readWorktreeMark`. */
  readonly readMark?: (workDir: string) => Promise<string | undefined>;
  /**
   * Resolves once the session's transitions so far are stored (a shared store commits after the
   * machine moves): the attempt starts only then, so at most the attempt in flight can be lost.
   */
  readonly persisted?: () => Promise<void>;
}

/**
 * `_logs/004-planning-a2.jsonl` and its `.stderr.log` sibling; an attempt on the fallback provider
 * is `004-planning-a2-codex.jsonl`, so it does not overwrite the limited attempt's log.
 */
export function buildLogPaths(
  sessionDir: string,
  input: ProviderInput,
  name?: ProviderName,
): { logFile: string; stderrFile: string } {
  const onFallback = input.provider === 'fallback' && name !== undefined ? `-${name}` : '';
  const stem = `${String(input.iteration).padStart(3, '0')}-${input.phase}-a${input.attempt}${onFallback}`;
  const { logs } = buildSessionPaths(sessionDir);
  return {
    logFile: join(logs, `${stem}.jsonl`),
    stderrFile: join(logs, `${stem}.stderr.log`),
  };
}

function callSafely(what: string, call: () => void): void {
  try {
    call();
  } catch (error) {
    process.stderr.write(
      `samocode: provider observer ${what} failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
}

interface AttemptResult {
  readonly event: WorkflowEvent | undefined;
  readonly report: AttemptReport;
}

async function runAttempt(
  deps: ProviderActorDeps,
  readParts: (phase: Phase) => Promise<PromptParts>,
  input: ProviderInput,
  signal: AbortSignal,
  clean: CleanText,
): Promise<AttemptResult> {
  const { place, observer } = deps;
  const readMark = deps.readMark ?? readWorktreeMark;
  const settings = settingsFor(deps, input);
  const now = deps.now ?? Date.now;
  const startedAt = now();
  const { logFile, stderrFile } = buildLogPaths(place.sessionDir, input, settings.name);
  const ranOn = {
    provider: settings.name,
    model: settings.model,
    ...(input.provider === 'fallback' ? { isFallback: true } : {}),
    ...(input.model === 'escalation' ? { isEscalated: true } : {}),
  };
  const parts = await readParts(input.phase);
  await deps.persisted?.();
  const prompt = buildPrompt({
    ...parts,
    phase: input.phase,
    iteration: input.iteration,
    attempt: input.attempt,
    reminder: input.reminder,
    place,
    timeoutSeconds: Math.round(settings.timeoutMs / 1000),
    now: startedAt,
    isFirstIteration: input.iteration === 1,
    ...(input.verifyFailure ? { verifyFailure: input.verifyFailure } : {}),
    ...(input.rejection === undefined ? {} : { rejection: input.rejection }),
    ...(input.escalation ? { escalation: input.escalation, model: settings.model } : {}),
  });
  removeSignalFile(place.sessionDir);

  const reader = createStreamReader(settings.name);
  let lastFigures = reader.figures();
  const report = (figures: typeof lastFigures) => {
    if (!observer?.onProgress) return;
    const progress = {
      phase: input.phase,
      iteration: input.iteration,
      attempt: input.attempt,
      startedAt,
      ...ranOn,
      ...figures,
      ...costOf(settings, figures),
    };
    callSafely('onProgress', () => observer.onProgress?.(progress));
  };
  // The attempt has started even if the CLI never prints a line.
  report(lastFigures);
  const watchdog = startStallWatchdog(settings.stallMs ?? 0, signal);
  const tracksProgress = (settings.noProgressIterations ?? 0) > 0;
  // The worktree mark (one `git status`) starts as soon as a clean exit's tree is reaped, while
  // the pipes and logs close and the signal is read, instead of after them.
  let mark: Promise<string | undefined> | undefined;
  const onReaped = ({ exitCode, stopped }: { exitCode: number | null; stopped: boolean }) => {
    if (tracksProgress && exitCode === 0 && !stopped) mark = readMark(place.workDir);
  };
  let end: ProcessEnd;
  try {
    end = await spawnProvider({
      cliPath: settings.cliPath,
      args: buildProviderArgs(settings, place.workDir),
      cwd: place.workDir,
      env: buildProviderEnv(settings, process.getuid?.()),
      input: prompt,
      logFile,
      stderrFile,
      groupFile: buildSessionPaths(place.sessionDir).providerGroup,
      timeoutMs: settings.timeoutMs,
      killGraceMs: settings.killGraceMs,
      signal: watchdog.signal,
      onReaped,
      onLine: (line) => {
        watchdog.feed();
        const shouldStop = reader.feed(line);
        const figures = reader.figures();
        if (figures !== lastFigures) {
          lastFigures = figures;
          report(figures);
        }
        return shouldStop;
      },
    });
  } finally {
    watchdog.stop();
  }

  const classified: Classified =
    watchdog.hasFired() && !signal.aborted
      ? stalledStream(settings.stallMs ?? 0)
      : reader.classify(end, now());
  const read = classified.outcome === 'success' ? readSignalFile(place.sessionDir) : undefined;
  // Stored and shown as cleaned; parsed as written (cleaning happens on the parsed fields).
  const rawSignal = read !== undefined && 'text' in read ? clean(read.text) : undefined;
  const outcome = classified.outcome === 'success' && read === undefined ? 'no_signal' : classified.outcome;
  const figures = reader.figures();
  const cost = costOf(settings, figures);
  // A mark started for an attempt that brought no signal is still awaited: no git outlives its attempt.
  const worktreeMark = await mark;
  const progressMark =
    rawSignal === undefined || !tracksProgress
      ? undefined
      : buildProgressMark(
          mark === undefined ? await readMark(place.workDir) : worktreeMark,
          readSessionFilesMark(place.sessionDir),
          rawSignal,
        );
  const attemptReport: AttemptReport = {
    phase: input.phase,
    iteration: input.iteration,
    attempt: input.attempt,
    ...ranOn,
    outcome,
    message:
      outcome === 'no_signal'
        ? `${settings.name} exited cleanly without writing _signal.json`
        : clean(classified.message),
    durationMs: end.durationMs,
    exitCode: end.exitCode,
    inputTokens: figures.inputTokens,
    outputTokens: figures.outputTokens,
    costUsd: cost.costUsd,
    costBasis: cost.costBasis,
    billing: figures.billing ?? (settings.name === 'codex' ? billingOfCodex(settings.env) : 'unknown'),
    ...(figures.impossible === undefined ? {} : { impossible: figures.impossible }),
    ...(progressMark === undefined ? {} : { progressMark }),
    ...(figures.providerSessionId === undefined ? {} : { providerSessionId: figures.providerSessionId }),
    logFile,
    stderrFile,
    ...(rawSignal === undefined ? {} : { rawSignal }),
    ...(end.logWriteError ? { logWriteError: end.logWriteError } : {}),
  };
  const event =
    read !== undefined && 'problem' in read
      ? { type: 'signal.invalid' as const, problem: read.problem }
      : toOutcomeEvent(classified, read?.text, now());
  const usage: Usage = {
    costUsd: cost.costUsd,
    tokens: figures.inputTokens + figures.outputTokens,
    ms: end.durationMs,
    ...(cost.costBasis === 'estimated' ? { isEstimated: true } : {}),
  };
  return {
    event:
      event === undefined
        ? undefined
        : withAttemptFacts(cleanEvent(event, clean), { usage, at: now(), progressMark }),
    report: attemptReport,
  };
}

/**
 * The outcome event with what the attempt used, when it ended and, on a signal, the progress mark
 * it left (the machine's no-progress rule decides with it).
 */
function withAttemptFacts(
  event: WorkflowEvent,
  facts: { readonly usage: Usage; readonly at: number; readonly progressMark: string | undefined },
): WorkflowEvent {
  const { usage, at, progressMark } = facts;
  if (isSignalEvent(event))
    return { ...event, usage, at, ...(progressMark === undefined ? {} : { progressMark }) };
  switch (event.type) {
    case 'agent.noSignal':
    case 'agent.failed':
    case 'agent.limited':
      return { ...event, usage, at };
    default:
      return event;
  }
}

/** The settings of the provider the machine chose for this attempt, with the model it chose. */
function settingsFor(deps: ProviderActorDeps, input: ProviderInput): ProviderSettings {
  const chosen = input.provider === 'primary' ? deps.settings : deps.fallback;
  if (chosen === undefined)
    throw new Error('the session machine chose the fallback provider, but this run has none configured');
  return { ...chosen, model: modelFor(chosen, input.phase, input.model) };
}

/**
 * claude reports its cost in its result line; codex reports tokens only, so its cost is estimated
 * from the price table. A claude cost that is missing (no result yet, or none in it) or cannot be
 * true is estimated from its tokens the same way, so it still counts against a cost cap.
 */
function costOf(
  settings: ProviderSettings,
  figures: StreamFigures,
): { costUsd: number; costBasis: CostBasis } {
  const table = settings.prices ?? BUILT_IN_PRICES;
  if (settings.name === 'claude') {
    if (figures.isCostReported) return { costUsd: figures.costUsd, costBasis: 'reported' };
    if (figures.inputTokens + figures.outputTokens === 0) return { costUsd: 0, costBasis: 'none' };
    return {
      costUsd: estimateClaudeCostUsd(table, settings.model, figures.inputTokens, figures.outputTokens),
      costBasis: 'estimated',
    };
  }
  return {
    costUsd: estimateCostUsd(table, settings.model, figures.inputTokens, figures.outputTokens),
    costBasis: 'estimated',
  };
}

function stalledStream(stallMs: number): Classified {
  const quiet =
    stallMs >= 60_000 ? `${Math.round(stallMs / 6_000) / 10} min` : `${Math.round(stallMs / 100) / 10} s`;
  return {
    outcome: 'stalled',
    // Whether the attempt is retried is the machine's decision; the Flow Log and the log say so.
    message: `stalled stream: the provider printed nothing for ${quiet}, so it was killed`,
  };
}

/**
 * A signal that aborts with `outer`, or when no stdout line arrived for `stallMs` (every line
 * restarts the clock; 0 = never). A plain listener, not `AbortSignal.any`, whose result Node
 * holds only weakly.
 */
function startStallWatchdog(stallMs: number, outer: AbortSignal) {
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort();
  if (outer.aborted) controller.abort();
  else outer.addEventListener('abort', onOuterAbort, { once: true });
  let hasFired = false;
  const timer =
    stallMs > 0
      ? setTimeout(() => {
          hasFired = true;
          controller.abort();
        }, stallMs)
      : undefined;
  return {
    signal: controller.signal,
    feed: () => timer?.refresh(),
    stop: () => {
      clearTimeout(timer);
      outer.removeEventListener('abort', onOuterAbort);
    },
    hasFired: () => hasFired,
  };
}

/** Anything that goes wrong before or around the CLI (unreadable prompt, unwritable session dir) is fatal. */
function toSetupFailure(error: unknown): WorkflowEvent {
  const message = error instanceof Error ? error.message : String(error);
  return {
    type: 'agent.failed',
    kind: 'fatal',
    outcome: 'bad_invocation',
    message: `provider attempt could not run: ${message}`,
  };
}

/**
 * The `provider` actor for `machine.provide({ actors: { provider: createProviderActor(deps) } })`.
 *
 * @example
 * const provider = createProviderActor({ settings, place, observer: { onAttemptEnd: (r) => log(r) } });
 * const machine = buildWorkflow(PHASE_REGISTRY).provide({ actors: { provider } });
 */
export function createProviderActor(deps: ProviderActorDeps) {
  const readParts = cachePromptParts(deps.readPromptParts ?? readPromptParts);
  const clean = deps.clean ?? buildTextCleaner(buildEnvRedactor(deps.settings.env));
  return fromCallback<WorkflowEvent, ProviderInput>(({ sendBack, input }) => {
    const controller = new AbortController();
    let isStopped = false;
    callSafely('onAttemptStart', () => deps.observer?.onAttemptStart?.());
    runAttempt(deps, readParts, input, controller.signal, clean).then(
      ({ event, report }) => {
        callSafely('onAttemptEnd', () => deps.observer?.onAttemptEnd?.(report));
        if (!isStopped && event !== undefined) sendBack(event);
      },
      (error: unknown) => {
        if (!isStopped) sendBack(toSetupFailure(error));
      },
    );
    return () => {
      isStopped = true;
      controller.abort();
    };
  });
}
