/**
 * The one place a child process starts: execa with `reject: false`, its result taken as data. The
 * child leads its own process group and carries a marker of its own (see `process-group.ts`); its
 * time limit, a cancellation or the caller's stop end the whole group (SIGTERM, grace, SIGKILL), and
 * after a normal exit whatever it left running is stopped too. execa's own `timeout` and exit
 * cleanup are not used: the first kills only the direct child, the second skips detached ones.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { execa } from 'execa';
import { clearGroupRecord, writeGroupRecord } from './group-record.js';
import { setLongTimeout } from './long-timer.js';
import { adoptTree, endTree, newProcessMarker } from './process-group.js';
import { notStarted, type ProcessResult, type StopReason } from './process-result.js';
import { RUN_MARKER_VARIABLE } from './process-table.js';
import type { ProcessTree, TreeEnd } from './process-tree.js';
import { toStartError } from './start-error.js';

export type OutputStream = 'stdout' | 'stderr';

export interface ProcessRequest {
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** The child's whole environment (default `process.env`); its marker is added. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Written to stdin, which is then closed; without it stdin is empty. */
  readonly input?: string;
  /** Ends the whole group when the child runs longer. */
  readonly timeoutMs: number;
  /** Between SIGTERM and SIGKILL. */
  readonly killGraceMs: number;
  /** Aborting it ends the group (`stopped: 'cancel'`). */
  readonly signal?: AbortSignal;
  /** Records the live group there, so a later run can reap it if samocode is killed. */
  readonly groupFile?: string;
  /** Each chunk of output as it comes; a returned promise pauses that stream until it settles. */
  readonly onOutput?: (stream: OutputStream, chunk: Buffer) => undefined | Promise<void>;
  /** Keep the output as text in the result (short commands: git). */
  readonly capture?: boolean;
  /**
   * Called once the child has exited and its tree was reaped, before its pipes are drained: work
   * that must see the tree gone can start meanwhile.
   */
  readonly onReaped?: (exit: { readonly exitCode: number | null; readonly stopped: boolean }) => void;
}

export interface RunningProcess {
  /** Undefined when it did not start. */
  readonly pid: number | undefined;
  /** Ends the group now, as asked by the caller (`early`) or as a cancellation. */
  stop(reason: 'early' | 'cancel'): void;
  readonly result: Promise<ProcessResult>;
}

/** After the tree is gone, how long a pipe held by a process we could not find may keep us waiting. */
const STREAM_SETTLE_MS = 2_000;

const settled = (result: ProcessResult): RunningProcess => ({
  pid: undefined,
  stop: () => undefined,
  result: Promise.resolve(result),
});

const isOpen = (stream: { readableEnded: boolean; destroyed: boolean } | null): boolean =>
  stream !== null && !stream.readableEnded && !stream.destroyed;

/**
 * Starts a child in its own group; see `ProcessRequest`. Never throws for a child that fails or
 * cannot start: the result says so.
 *
 * @example
 * const child = startProcess({ file: 'git', args: ['status'], cwd, timeoutMs: 60_000, killGraceMs: 2_000, capture: true });
 * const end = await child.result; // { exitCode: 0, stdout: '…', stopped: undefined, … }
 */
export function startProcess(request: ProcessRequest): RunningProcess {
  const startedAt = performance.now();
  const elapsedMs = () => Math.round(performance.now() - startedAt);
  if (request.signal?.aborted) return settled(notStarted({ stopped: 'cancel' }));
  const marker = newProcessMarker();
  let subprocess: ReturnType<typeof spawnChild>;
  try {
    subprocess = spawnChild(request, marker);
  } catch (error) {
    // execa throws at once for arguments node refuses (a NUL byte).
    return settled(notStarted({ startError: toStartError(error, request), durationMs: elapsedMs() }));
  }
  const pid = subprocess.pid;
  if (pid === undefined) {
    return {
      pid,
      stop: () => undefined,
      result: subprocess.then((failed) =>
        notStarted({ startError: toStartError(failed, request), durationMs: elapsedMs() }),
      ),
    };
  }
  const tree: ProcessTree = { pgid: pid, marker, sincePid: pid };
  adoptTree(tree);
  if (request.groupFile) writeGroupRecord(request.groupFile, pid, marker);
  const exited = new Promise<number | null>((resolve) => subprocess.once('exit', (code) => resolve(code)));

  let stopped: StopReason | undefined;
  let ending: Promise<TreeEnd> | undefined;
  const stop = (reason: StopReason): void => {
    if (ending) return;
    stopped = reason;
    ending = endTree(tree, request.killGraceMs);
  };
  const captured = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  for (const name of ['stdout', 'stderr'] as const) {
    const stream = subprocess[name];
    stream.on('data', (chunk: Buffer) => {
      if (request.capture) captured[name].push(chunk);
      const wait = request.onOutput?.(name, chunk);
      if (wait === undefined) return;
      stream.pause();
      const resume = (): void => void stream.resume();
      wait.then(resume, resume);
    });
  }
  const timer = setLongTimeout(() => stop('timeout'), request.timeoutMs);
  const onAbort = (): void => stop('cancel');
  request.signal?.addEventListener('abort', onAbort, { once: true });

  const result = (async (): Promise<ProcessResult> => {
    let treeGone = false;
    try {
      const exitCode = await exited;
      timer.clear();
      const wasOutputOpen = isOpen(subprocess.stdout) || isOpen(subprocess.stderr);
      const hadStopped = stopped !== undefined;
      // Reap what it left behind (background jobs, daemons) unless a kill is already under way.
      ending ??= endTree(tree, request.killGraceMs);
      const end = await ending;
      treeGone = end !== 'stuck';
      const leftRunning = !hadStopped && end === 'killed';
      request.onReaped?.({ exitCode, stopped: stopped !== undefined });
      const drained = await Promise.race([
        subprocess.then(() => true),
        delay(STREAM_SETTLE_MS, false, { ref: false }),
      ]);
      if (!drained) {
        subprocess.stdout.destroy();
        subprocess.stderr.destroy();
      }
      const final = await subprocess;
      return {
        exitCode: final.exitCode ?? null,
        signal: final.signal ?? null,
        ...(stopped ? { stopped } : {}),
        durationMs: elapsedMs(),
        stdout: Buffer.concat(captured.stdout).toString('utf8'),
        stderr: Buffer.concat(captured.stderr).toString('utf8'),
        leftRunning,
        outputHeld: !drained || (leftRunning && wasOutputOpen),
        treeGone,
      };
    } finally {
      timer.clear();
      request.signal?.removeEventListener('abort', onAbort);
      // A tree not seen dead stays recorded (and is SIGKILLed on our exit), so the next run reaps it.
      if (treeGone && request.groupFile) clearGroupRecord(request.groupFile);
    }
  })();
  return { pid, stop, result };
}

function spawnChild(request: ProcessRequest, marker: string) {
  return execa(request.file, [...request.args], {
    cwd: request.cwd,
    env: { ...(request.env ?? process.env), [RUN_MARKER_VARIABLE]: marker },
    extendEnv: false,
    detached: true,
    cleanup: false,
    ...(request.input === undefined ? { stdin: 'ignore' as const } : { input: request.input }),
    stdout: 'pipe',
    stderr: 'pipe',
    buffer: false,
    encoding: 'buffer',
    stripFinalNewline: false,
    reject: false,
  });
}

/** `startProcess(request).result`: for children nobody needs to stop early. */
export function runProcess(request: ProcessRequest): Promise<ProcessResult> {
  return startProcess(request).result;
}
