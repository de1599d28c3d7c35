/** Starts `telegram-waiter.ts` processes against a fake Bot API and follows their JSON lines. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { execa, type ResultPromise } from 'execa';

const WAITER = join(import.meta.dirname, 'telegram-waiter.ts');

export interface WaiterLine {
  readonly event: string;
  readonly [key: string]: unknown;
}

export interface WaiterProcess {
  readonly child: ResultPromise<{ env: Record<string, string>; stdin: 'ignore'; buffer: false }>;
  readonly lines: WaiterLine[];
  readonly stderr: string[];
  /** Resolves with the first line (seen or to come) that matches. */
  waitForLine(match: (line: WaiterLine) => boolean, what: string, ms?: number): Promise<WaiterLine>;
}

export interface WaiterSession {
  readonly dir: string;
  readonly gateId: string;
  readonly kind: 'approval' | 'answers' | 'action' | 'grant';
}

export function startWaiter(
  env: Record<string, string>,
  sessions: readonly WaiterSession[],
  options: { longPollSec?: number; idleCheckMs?: number } = {},
): WaiterProcess {
  const child = execa(
    process.execPath,
    ['--import', 'tsx', WAITER, JSON.stringify({ sessions, ...options })],
    {
      env,
      stdin: 'ignore',
      buffer: false,
    },
  );
  const lines: WaiterLine[] = [];
  const stderr: string[] = [];
  const wakers = new Set<() => void>();
  createInterface({ input: child.stdout }).on('line', (text) => {
    try {
      lines.push(JSON.parse(text));
    } catch {
      lines.push({ event: 'text', text });
    }
    for (const wake of wakers) wake();
  });
  createInterface({ input: child.stderr }).on('line', (text) => stderr.push(text));
  const ended = child.then(
    () => undefined,
    () => undefined,
  );
  return {
    child,
    lines,
    stderr,
    async waitForLine(match, what, ms = 90_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = lines.find(match);
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${what}; stderr: ${stderr.join('\n')}`);
        let isEnded = false;
        await Promise.race([
          new Promise<void>((resolve) => {
            const timer = setTimeout(done, 200);
            function done(): void {
              clearTimeout(timer);
              wakers.delete(done);
              resolve();
            }
            wakers.add(done);
          }),
          ended.then(() => {
            isEnded = true;
          }),
        ]);
        if (isEnded && !lines.some(match))
          throw new Error(`the waiter ended before ${what}; stderr: ${stderr.join('\n')}`);
      }
    },
  };
}

/** Every file under `root`, for a search of what was written. */
export function readAllFiles(root: string): { path: string; text: string }[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((name) => join(root, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}
