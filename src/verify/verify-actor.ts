/**
 * The verify actor the machine invokes in `done.verifying`: runs the verify command, reads the work
 * state, and sends one event back, `verify.passed` or `verify.failed`, each carrying the receipt.
 */
import { join } from 'node:path';
import { fromCallback } from 'xstate';
import type { VerifyEvent, WorkflowEvent } from '../../machines/events.js';
import { isPassing, type Receipt, type VerifyInput } from '../../machines/receipt.js';
import { type CleanText, cleanStored } from '../text/clean-text.js';
import { runVerify } from './run-verify.js';
import { readWorkState } from './work-state.js';

export interface VerifyActorOptions {
  readonly command: string;
  readonly timeoutMs: number;
  readonly killGraceMs: number;
  readonly workDir: string;
  readonly branch: string;
  readonly logsDir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Redacts the run's secrets in the receipt's tail (the log file keeps the raw output). */
  readonly clean?: CleanText;
  /** The session's process-group record, so a killed samocode's verify group is reaped by the next run. */
  readonly groupFile?: string;
  /** Told about each receipt (history rows, logs). */
  readonly onReceipt?: (receipt: Receipt) => void;
}

/** The log file of one verification: `_logs/<NNN>-verify.log`, beside the iteration's provider logs. */
export function verifyLogFile(logsDir: string, iteration: number): string {
  return join(logsDir, `${String(iteration).padStart(3, '0')}-verify.log`);
}

export async function verifyOnce(options: VerifyActorOptions, input: VerifyInput, signal?: AbortSignal) {
  const logFile = verifyLogFile(options.logsDir, input.iteration);
  const result = await runVerify({
    command: options.command,
    workDir: options.workDir,
    logFile,
    timeoutMs: options.timeoutMs,
    killGraceMs: options.killGraceMs,
    env: options.env,
    ...(options.clean ? { clean: options.clean } : {}),
    ...(options.groupFile ? { groupFile: options.groupFile } : {}),
    ...(signal ? { signal } : {}),
  });
  const work = await readWorkState(options.workDir, options.branch);
  const receipt: Receipt = {
    command: options.command,
    exitCode: result.exitCode,
    durationMs: result.durationMs,
    timedOut: result.timedOut,
    head: work.head,
    clean: work.clean,
    uncommitted: work.uncommitted,
    commitsBeyondBase: work.commitsBeyondBase,
    tail: result.tail,
    logFile,
  };
  return receipt;
}

/** The receipt of a verification that could not run at all (its log unwritable, …): a failure, with why. */
function failedReceipt(options: VerifyActorOptions, input: VerifyInput, error: unknown): Receipt {
  const message = error instanceof Error ? error.message : String(error);
  return {
    command: options.command,
    exitCode: null,
    durationMs: 0,
    timedOut: false,
    head: null,
    clean: true,
    uncommitted: 0,
    commitsBeyondBase: null,
    tail: (options.clean ?? cleanStored)(`samocode: the verification could not run: ${message}`),
    logFile: verifyLogFile(options.logsDir, input.iteration),
  };
}

export function createVerifyActor(options: VerifyActorOptions) {
  return fromCallback<WorkflowEvent, VerifyInput>(({ input, sendBack }) => {
    const controller = new AbortController();
    let stopped = false;
    const report = (receipt: Receipt) => {
      if (stopped) return;
      options.onReceipt?.(receipt);
      const event: VerifyEvent = isPassing(receipt)
        ? { type: 'verify.passed', receipt }
        : { type: 'verify.failed', receipt };
      sendBack(event);
    };
    verifyOnce(options, input, controller.signal).then(report, (error: unknown) =>
      report(failedReceipt(options, input, error)),
    );
    return () => {
      stopped = true;
      controller.abort();
    };
  });
}
