/**
 * Killing everything one child started: its process group, and every process that carries the
 * child's marker in its environment (a daemon that left the group with `setsid`).
 * A marked process that leads its own group is signalled as a group, so its unmarked children
 * go too. Out of reach: a process that both left the group and replaced its environment.
 */
import {
  findMarkedProcesses,
  groupExists,
  isLive,
  liveGroupMembers,
  type ProcessInfo,
  readProcess,
} from './process-table.js';

export interface ProcessTree {
  /** Absent when the group is known not to be ours any more (its leader's pid was reused). */
  readonly pgid?: number;
  /** The child's marker (see `RUN_MARKER_VARIABLE`); without it only the group is killed. */
  readonly marker?: string;
  /** Look for marked processes born since this pid only (the leader's); absent = every process. */
  readonly sincePid?: number;
}

const POLL_MS = 25;
/** After SIGKILL, how long we wait for the kernel before giving up on a process we cannot see die. */
const KILL_SETTLE_MS = 5_000;
/** Rounds of "scan for marked processes, kill them" after the grace: a dying tree may fork once more. */
const FINAL_ROUNDS = 3;

/** Something to signal and watch: a whole group, or one process named by pid and start time. */
type Target = { readonly group: number } | { readonly process: ProcessInfo };

function send(target: Target, signal: NodeJS.Signals): void {
  try {
    if ('group' in target) process.kill(-target.group, signal);
    else process.kill(target.process.pid, signal);
  } catch (error) {
    // ESRCH: already gone, which is what we want.
    if (!(error instanceof Error && 'code' in error && error.code === 'ESRCH')) throw error;
  }
}

/**
 * A cheap liveness check for one target. A group costs one `kill(-pgid, 0)` while it holds no
 * process at all; only when it does (zombies count) are its members looked up, and then those
 * few are re-read each poll until they are gone.
 */
function watch(target: Target): () => boolean {
  if ('process' in target) {
    const { pid, start } = target.process;
    return () => {
      const now = readProcess(pid);
      return isLive(now) && now.start === start;
    };
  }
  let members: number[] = [];
  return () => {
    if (!groupExists(target.group)) return false;
    if (members.some((pid) => isLive(readProcess(pid)))) return true;
    members = liveGroupMembers(target.group);
    return members.length > 0;
  };
}

/** The group, then every marked process outside it; one scan of /proc when there is a marker. */
function targetsOf(tree: ProcessTree): Target[] {
  const targets: Target[] = tree.pgid === undefined ? [] : [{ group: tree.pgid }];
  if (tree.marker === undefined) return targets;
  for (const info of findMarkedProcesses(tree.marker, tree.sincePid)) {
    if (info.pgid === tree.pgid) continue;
    targets.push(info.pgid === info.pid ? { group: info.pid } : { process: info });
  }
  return targets;
}

async function waitForDeath(watches: ReadonlyArray<() => boolean>, deadlineMs: number): Promise<boolean> {
  let alive = watches;
  for (;;) {
    alive = alive.filter((isAlive) => isAlive());
    if (alive.length === 0) return true;
    if (Date.now() >= deadlineMs) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** SIGTERMs the live targets, waits up to `graceMs`, SIGKILLs what is left. */
async function terminate(targets: readonly Target[], graceMs: number): Promise<'none' | 'gone' | 'stuck'> {
  const alive = targets
    .map((target) => ({ target, isAlive: watch(target) }))
    .filter((entry) => entry.isAlive());
  if (alive.length === 0) return 'none';
  for (const entry of alive) send(entry.target, 'SIGTERM');
  if (
    await waitForDeath(
      alive.map((entry) => entry.isAlive),
      Date.now() + graceMs,
    )
  )
    return 'gone';
  for (const entry of alive) send(entry.target, 'SIGKILL');
  return (await waitForDeath(
    alive.map((entry) => entry.isAlive),
    Date.now() + KILL_SETTLE_MS,
  ))
    ? 'gone'
    : 'stuck';
}

/** `none`: nothing was alive; `killed`: all of it is dead now; `stuck`: something could not be seen to die. */
export type TreeEnd = 'none' | 'killed' | 'stuck';

/**
 * SIGTERM to the group and every marked process, `graceMs` to exit, then SIGKILL. Only `killed`
 * and `none` mean nothing of the tree is left (so a record of it may be dropped). When nothing
 * was alive it costs one `kill(-pgid, 0)` and one scan for the marker.
 *
 * @example
 * if ((await terminateTree({ pgid: child.pid, marker }, 10_000)) !== 'stuck') removeGroupRecord(file);
 */
export async function terminateTree(tree: ProcessTree, graceMs: number): Promise<TreeEnd> {
  if ((await terminate(targetsOf(tree), graceMs)) === 'none') return 'none';
  // What the dying tree started meanwhile has had its grace: kill it at once.
  for (let round = 0; round < FINAL_ROUNDS; round += 1) {
    const late = targetsOf(tree).filter((target) => watch(target)());
    if (late.length === 0) return 'killed';
    for (const target of late) send(target, 'SIGKILL');
    await waitForDeath(late.map(watch), Date.now() + KILL_SETTLE_MS);
  }
  return targetsOf(tree).some((target) => watch(target)()) ? 'stuck' : 'killed';
}

/** Synchronous SIGKILL of the trees, for `process.on('exit')`, where nothing can be awaited. */
export function killTreesNow(trees: Iterable<ProcessTree>): void {
  for (const tree of trees) {
    for (const target of targetsOf(tree)) {
      try {
        send(target, 'SIGKILL');
      } catch {
        // Exiting anyway: a pid record stays for the next run.
      }
    }
  }
}
