/**
 * A short command (git) run to its end with its output collected, through node's own spawn:
 * execa costs ~6 ms CPU per call and ~16 MB of modules, which the run pays on every iteration.
 * Never rejects: a command that cannot start comes back with `exitCode: null` and `startError`.
 */
import { spawn } from 'node:child_process';

export interface CommandResult {
  /** null when it could not start or was killed by a signal. */
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Why it could not start (`spawn git ENOENT` …). */
  readonly startError?: string;
}

export interface CommandOptions {
  readonly cwd: string;
  /** Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * @example
 * const head = await runCommand('git', ['rev-parse', 'HEAD'], { cwd: repo });
 * if (head.exitCode === 0) use(head.stdout.trim());
 */
export function runCommand(
  file: string,
  args: readonly string[],
  options: CommandOptions,
): Promise<CommandResult> {
  return new Promise((resolve) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(file, [...args], {
        cwd: options.cwd,
        ...(options.env ? { env: options.env } : {}),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      // Some failures (a NUL byte in an argument, EINVAL) throw instead of emitting 'error'.
      resolve({ exitCode: null, stdout: '', stderr: '', startError: messageOf(error) });
      return;
    }
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    let startError: string | undefined;
    child.once('error', (error) => {
      startError ??= messageOf(error);
    });
    // 'close' comes after 'exit' and the end of both pipes, and after 'error' when it did not start.
    child.once('close', (code) => {
      resolve({
        exitCode: startError === undefined ? code : null,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        ...(startError === undefined ? {} : { startError }),
      });
    });
  });
}
