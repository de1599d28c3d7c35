/**
 * A long-lived `/bin/sh` that runs short commands (the per-iteration `git status`) on request.
 * Node forks its whole process for every child: with samocode's ≈ 60 MB that is page tables, then
 * a copy-on-write fault for each page samocode writes next, ≈ 1 ms of its CPU and ≈ 2 ms of wall
 * per spawn here. A small shell forks for a fraction of that. The command, its arguments, its
 * working folder and its output are the same as a direct `runCommand`; anything unusual (the shell
 * died, a newline in an argument) falls back to `runCommand`, so the shell can make a command
 * cheaper but never different.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { type CommandResult, runCommand } from './run-command.js';

export interface ShellRunner {
  /** Runs `file args` in `cwd` (stdin empty, stderr dropped) and collects its stdout. */
  run(file: string, args: readonly string[], cwd: string): Promise<CommandResult>;
  /** Ends the shell (its stdin closes, it exits); later calls spawn directly. */
  close(): void;
}

/** `'…'` with each `'` as `'\''`: the shell reads every byte literally. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

// Each request is one line; the reply is the command's stdout, then a line with the token and the
// exit status. `read` stops at a newline, so a request whose text has one is never sent.
const LOOP = 'while IFS= read -r request; do eval "$request"; done';

/** The last `count` bytes of `chunks` (fewer if there are fewer). */
function lastBytes(chunks: readonly Buffer[], count: number): Buffer {
  const picked: Buffer[] = [];
  let total = 0;
  for (let index = chunks.length - 1; index >= 0 && total < count; index -= 1) {
    const chunk = chunks[index];
    if (chunk === undefined) break;
    picked.unshift(chunk);
    total += chunk.length;
  }
  const joined = picked.length === 1 && picked[0] ? picked[0] : Buffer.concat(picked, total);
  return joined.subarray(Math.max(0, joined.length - count));
}

interface Pending {
  readonly resolve: (result: CommandResult | undefined) => void;
}

export function openShellRunner(): ShellRunner {
  const token = `samocode-${randomBytes(8).toString('hex')}`;
  const marker = Buffer.from(`\n${token} `);
  let shell: ChildProcess | undefined;
  let isClosed = false;
  let output: Buffer[] = [];
  let length = 0;
  let pending: Pending | undefined;
  // One request at a time: the next waits for the previous reply.
  let queue: Promise<unknown> = Promise.resolve();

  const fail = (): void => {
    pending?.resolve(undefined);
    pending = undefined;
    output = [];
    length = 0;
    shell = undefined;
  };

  const start = (): ChildProcess | undefined => {
    if (shell) return shell;
    let child: ChildProcess;
    try {
      child = spawn('/bin/sh', ['-c', LOOP], { stdio: ['pipe', 'pipe', 'ignore'] });
    } catch {
      return undefined;
    }
    // Idle, the shell must not keep samocode alive; a request refs it until its reply.
    child.unref();
    (child.stdout as Socket | null)?.unref();
    child.stdin?.on('error', () => undefined);
    child.once('error', () => {
      if (shell === child) fail();
    });
    child.once('exit', () => {
      if (shell === child) fail();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      if (shell !== child) return;
      output.push(chunk);
      length += chunk.length;
      // The reply ends with the status line: look at the last bytes only, then join the output once.
      if (chunk[chunk.length - 1] !== 0x0a) return;
      const tail = lastBytes(output, marker.length + 8);
      const inTail = tail.lastIndexOf(marker);
      if (inTail === -1) return;
      const text = Buffer.concat(output, length);
      const at = length - tail.length + inTail;
      const status = Number(text.subarray(at + marker.length, length - 1).toString('latin1'));
      output = [];
      length = 0;
      (child.stdout as Socket | null)?.unref();
      const done = pending;
      pending = undefined;
      done?.resolve({
        exitCode: Number.isInteger(status) ? status : null,
        stdout: text.subarray(0, at).toString('utf8'),
        stderr: '',
      });
    });
    shell = child;
    return child;
  };

  const viaShell = (
    file: string,
    args: readonly string[],
    cwd: string,
  ): Promise<CommandResult | undefined> => {
    const words = [file, ...args];
    if (isClosed || [cwd, ...words].some((word) => /[\n\0]/.test(word))) return Promise.resolve(undefined);
    const child = start();
    if (!child?.stdin || !child.stdout) return Promise.resolve(undefined);
    const request = `cd -P ${shellQuote(cwd)} >/dev/null && ${words.map(shellQuote).join(' ')} </dev/null 2>/dev/null; printf '\\n%s %s\\n' ${token} "$?"\n`;
    return new Promise((resolve) => {
      pending = { resolve };
      (child.stdout as Socket | null)?.ref();
      child.stdin?.write(request, (error) => {
        if (error && pending?.resolve === resolve) fail();
      });
    });
  };

  return {
    run(file, args, cwd) {
      const result = queue.then(async () => {
        const reply = await viaShell(file, args, cwd);
        return reply ?? (await runCommand(file, args, { cwd }));
      });
      queue = result.catch(() => undefined);
      return result;
    },
    close() {
      isClosed = true;
      const child = shell;
      fail();
      child?.stdin?.end();
    },
  };
}
