/**
 * Waits for a gate's decision (or a stop request) without using CPU: `fs.watch` on `_gates/` wakes
 * it at once, and a poll every 500 ms covers file systems where watching is missing or lossy (NFS,
 * some containers). Every handle is closed when the wait ends, so a process that waited can exit.
 */
import { type FSWatcher, mkdirSync, watch } from 'node:fs';
import type { Decision, StopRequest } from './decision.js';
import { readDecision } from './decision-record.js';
import { buildGatePaths } from './gate-id.js';
import { readStopRequest } from './stop-request.js';

export type StopWait =
  | { readonly kind: 'stop'; readonly request: StopRequest }
  | { readonly kind: 'aborted' };
export type GateWait = { readonly kind: 'decided'; readonly decision: Decision } | StopWait;

export interface GateWaitOptions {
  readonly sessionDir: string;
  readonly gateId: string;
  readonly signal?: AbortSignal;
  /** The fallback poll (default 500 ms). */
  readonly pollMs?: number;
  /** A record that cannot be read (each distinct problem once); the wait goes on. */
  readonly onProblem?: (reason: string) => void;
}

/**
 * Resolves when the gate is decided or a stop is requested (a stop wins when both are there: it
 * means "end this process now"; the decision stays recorded for the next run), or when `signal`
 * aborts. Never rejects.
 */
export function waitForGate(options: GateWaitOptions): Promise<GateWait> {
  return watchGates(options);
}

/** Resolves when a stop is requested (a run at work honours it too), or when `signal` aborts. */
export function waitForStop(options: Omit<GateWaitOptions, 'gateId'>): Promise<StopWait> {
  return watchGates(options).then((wait) => (wait.kind === 'decided' ? { kind: 'aborted' } : wait));
}

function watchGates(
  options: Omit<GateWaitOptions, 'gateId'> & { readonly gateId?: string },
): Promise<GateWait> {
  const { sessionDir, gateId, signal } = options;
  const dir = buildGatePaths(sessionDir).dir;
  return new Promise<GateWait>((resolve) => {
    let isSettled = false;
    let watcher: FSWatcher | undefined;
    let timer: NodeJS.Timeout | undefined;
    const reported = new Set<string>();

    const report = (reason: string): void => {
      if (reported.has(reason)) return;
      reported.add(reason);
      options.onProblem?.(reason);
    };
    const finish = (result: GateWait): void => {
      if (isSettled) return;
      isSettled = true;
      watcher?.close();
      clearInterval(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const check = (): void => {
      if (isSettled) return;
      const stop = readStopRequest(sessionDir);
      if (stop.kind === 'requested') {
        finish({ kind: 'stop', request: stop.request });
        return;
      }
      if (stop.kind === 'invalid') report(stop.reason);
      if (gateId === undefined) return;
      const decision = readDecision(sessionDir, gateId);
      if (decision.kind === 'decided') finish({ kind: 'decided', decision: decision.decision });
      else if (decision.kind === 'invalid') report(decision.reason);
    };
    const onAbort = (): void => finish({ kind: 'aborted' });

    if (signal?.aborted) {
      finish({ kind: 'aborted' });
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      mkdirSync(dir, { recursive: true });
      watcher = watch(dir, { persistent: true }, check);
      watcher.on('error', (error) => {
        report(`watching ${dir} stopped (${error.message}); polling every ${options.pollMs ?? 500} ms`);
        watcher?.close();
        watcher = undefined;
      });
    } catch (error) {
      report(`cannot watch ${dir} (${error instanceof Error ? error.message : String(error)}); polling`);
    }
    timer = setInterval(check, options.pollMs ?? 500);
    check();
  });
}
