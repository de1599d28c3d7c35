/**
 * Runs the verify command in the worktree: `/bin/sh -c <command>` in its own process group, output
 * appended to a log file as it comes, a bounded tail kept for the next prompt, the whole group
 * killed on timeout or abort (SIGTERM, then SIGKILL after the grace period).
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { OutputTail } from './output-tail.js';

export interface VerifyRun {
  readonly command: string;
  readonly workDir: string;
  readonly logFile: string;
  readonly timeoutMs: number;
  readonly killGraceMs: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal?: AbortSignal;
}

export interface VerifyResult {
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  readonly durationMs: number;
  readonly tail: string;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

export function runVerify(run: VerifyRun): Promise<VerifyResult> {
  const started = performance.now();
  const log = createWriteStream(run.logFile, { flags: 'a' });
  const tail = new OutputTail();
  log.write(`$ ${run.command}\n`);
  const child = spawn('/bin/sh', ['-c', run.command], {
    cwd: run.workDir,
    env: { ...run.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  let timedOut = false;
  let escalation: NodeJS.Timeout | undefined;
  const stop = (why: 'timeout' | 'abort') => {
    if (pid === undefined || escalation) return;
    timedOut = why === 'timeout';
    killGroup(pid, 'SIGTERM');
    escalation = setTimeout(() => killGroup(pid, 'SIGKILL'), run.killGraceMs);
  };
  const timer = setTimeout(() => stop('timeout'), run.timeoutMs);
  const onAbort = () => stop('abort');
  run.signal?.addEventListener('abort', onAbort, { once: true });
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      tail.push(chunk);
      log.write(chunk);
    });
  }
  return new Promise((resolve) => {
    const finish = (exitCode: number | null) => {
      clearTimeout(timer);
      clearTimeout(escalation);
      run.signal?.removeEventListener('abort', onAbort);
      // Whatever the command left behind in its group goes with it.
      if (pid !== undefined) killGroup(pid, 'SIGKILL');
      const result: VerifyResult = {
        exitCode,
        timedOut,
        durationMs: Math.round(performance.now() - started),
        tail: tail.read(),
      };
      log.end(`\n[exit ${exitCode ?? 'signal'}${timedOut ? ', timed out' : ''}]\n`, () => resolve(result));
    };
    child.on('error', (error) => {
      tail.push(`samocode: could not start /bin/sh: ${error.message}\n`);
      finish(null);
    });
    child.on('close', (code) => finish(code));
  });
}
