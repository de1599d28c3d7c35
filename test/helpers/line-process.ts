/**
 * A helper script in a process of its own (`node --import tsx <script> <args…>`) that talks in
 * lines: the test writes a line to its stdin, the script answers one line on stdout. The first
 * line it prints (its "ready") is read before this resolves.
 */
import { createInterface } from 'node:readline';
import { execa, type ResultPromise } from 'execa';

export interface LineProcess {
  readonly child: ResultPromise;
  send(line: string): void;
  /** The next line it printed; throws when it ended first. */
  next(): Promise<string>;
  /** Ends it (stdin closed, SIGKILL) and waits. */
  stop(): Promise<void>;
}

export async function startLineProcess(
  script: string,
  args: readonly string[],
  name: string,
): Promise<LineProcess> {
  const child = execa(process.execPath, ['--import', 'tsx', script, ...args], {
    stdin: 'pipe',
    stdout: 'pipe',
    stderr: 'inherit',
    reject: false,
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    const line = await lines.next();
    if (line.done) throw new Error(`${name} ended early`);
    return line.value;
  };
  await next();
  return {
    child,
    send: (line) => child.stdin.write(`${line}\n`),
    next,
    async stop() {
      child.stdin.end();
      child.kill('SIGKILL');
      await child;
    },
  };
}
