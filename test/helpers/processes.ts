/** Process checks for tests: is a PID alive (zombies count as dead), wait for deaths, list descendants. */
import { readdirSync, readFileSync } from 'node:fs';

interface ProcStat {
  readonly pid: number;
  readonly state: string;
  readonly ppid: number;
  readonly pgid: number;
}

function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { pid, state: fields[0] ?? '', ppid: Number(fields[1]), pgid: Number(fields[2]) };
}

function allStats(): ProcStat[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((entry) => readStat(Number(entry)))
    .filter((stat): stat is ProcStat => stat !== undefined);
}

/** True when the process exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  const stat = readStat(pid);
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
}

/** Polls until every PID is dead; returns the ones still alive at the deadline (empty = all dead). */
export async function waitForDeath(pids: readonly number[], deadlineMs = 10_000): Promise<number[]> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const alive = pids.filter(isAlive);
    if (alive.length === 0 || Date.now() >= until) return alive;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Polls until `check` returns a value other than undefined, or throws at the deadline. */
export async function pollUntil<T>(
  check: () => T | undefined,
  what: string,
  deadlineMs = 10_000,
): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() >= until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Live (non-zombie) descendants of `pid`, found through /proc parent links. */
export function listDescendants(pid: number): number[] {
  const stats = allStats().filter((stat) => stat.state !== 'Z');
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift();
    for (const stat of stats) {
      if (stat.ppid === parent && !found.includes(stat.pid)) {
        found.push(stat.pid);
        queue.push(stat.pid);
      }
    }
  }
  return found;
}

/** Live members of a process group. */
export function listGroupMembers(pgid: number): number[] {
  return allStats()
    .filter((stat) => stat.pgid === pgid && stat.state !== 'Z')
    .map((stat) => stat.pid);
}
