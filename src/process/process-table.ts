/**
 * What the kernel says about processes, read synchronously from /proc (Linux). Without /proc
 * (macOS) a group is judged by `kill(-pgid, 0)` alone and no process can be found by its marker.
 */
import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';

export interface ProcessInfo {
  readonly pid: number;
  /** One letter: R, S, D, Z (zombie), X (dead) … */
  readonly state: string;
  readonly pgid: number;
  /** The kernel's start time (field 22 of stat): with the pid, it names one process. */
  readonly start: string;
}

/** Every child's environment carries this variable; its value is unique to that child. */
export const RUN_MARKER_VARIABLE = 'SAMOCODE_RUN_MARKER';

export function readProcess(pid: number): ProcessInfo | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { pid, state: fields[0] ?? '', pgid: Number(fields[2]), start: fields[19] ?? '' };
}

/** A zombie is dead already: only its parent can reap it, and signals do nothing to it. */
export function isLive(info: ProcessInfo | undefined): info is ProcessInfo {
  return info !== undefined && info.state !== 'Z' && info.state !== 'X';
}

/** One syscall: false means no process at all has this group id (zombies count as present). */
export function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return !(error instanceof Error && 'code' in error && error.code === 'ESRCH');
  }
}

function listPids(): number[] | undefined {
  try {
    return readdirSync('/proc')
      .filter((entry) => entry.charCodeAt(0) <= 57 && /^\d+$/.test(entry))
      .map(Number);
  } catch {
    return undefined;
  }
}

/** Live members of a group: a scan of every process's stat, so call it only when the probe says "present". */
export function liveGroupMembers(pgid: number): number[] {
  const pids = listPids();
  if (pids === undefined) return groupExists(pgid) ? [pgid] : [];
  const members: number[] = [];
  for (const pid of pids) {
    const info = readProcess(pid);
    if (isLive(info) && info.pgid === pgid) members.push(pid);
  }
  return members;
}

const environBuffer = Buffer.alloc(64 * 1024);

/** Whether /proc/<pid>/environ holds `entry` (`\0NAME=value\0`); unreadable (another user's, gone) counts as no. */
function environHolds(pid: number, entry: Buffer): boolean {
  let fd: number;
  try {
    fd = openSync(`/proc/${pid}/environ`, 'r');
  } catch {
    return false;
  }
  try {
    let read = readSync(fd, environBuffer, 0, environBuffer.length, null);
    let view = environBuffer.subarray(0, read);
    // The first variable has no NUL before it.
    if (view.indexOf(entry) >= 0 || view.subarray(0, entry.length - 1).equals(entry.subarray(1))) return true;
    // procfs hands over the whole environment in one read when the buffer is big enough.
    while (read === environBuffer.length) {
      const carry = Buffer.from(view.subarray(view.length - entry.length));
      read = readSync(fd, environBuffer, 0, environBuffer.length, null);
      view = Buffer.concat([carry, environBuffer.subarray(0, read)]);
      if (view.indexOf(entry) >= 0) return true;
    }
    return false;
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

/** The `NAME=value` entry that marks one child's processes, as it appears in environ. */
export function markerEntry(marker: string): Buffer {
  return Buffer.from(`\0${RUN_MARKER_VARIABLE}=${marker}\0`);
}

/** The pid the kernel handed out last in our namespace, if it says. */
function readLastPid(): number | undefined {
  try {
    const last = Number(readFileSync('/proc/sys/kernel/ns_last_pid', 'utf8'));
    return Number.isInteger(last) && last > 0 ? last : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The listed pids handed out from `firstPid` on: the kernel hands pids out in a cycle, so they lie
 * between `firstPid` and the last one handed out, wrapping once (the last pid is read after listing).
 */
function bornSince(pids: readonly number[], firstPid: number): readonly number[] {
  const last = readLastPid();
  if (last === undefined) return pids;
  return pids.filter((pid) =>
    last >= firstPid ? pid >= firstPid && pid <= last : pid >= firstPid || pid <= last,
  );
}

/**
 * Live processes whose environment carries the marker: a child's descendants wherever they went
 * (a `setsid` daemon too), unless they replaced their environment. With `sincePid` (the child's
 * own pid, the first to carry its marker) only the processes born since are read.
 */
export function findMarkedProcesses(marker: string, sincePid?: number): ProcessInfo[] {
  const listed = listPids();
  if (listed === undefined) return [];
  const candidates = sincePid === undefined ? listed : bornSince(listed, sincePid);
  const entry = markerEntry(marker);
  const found: ProcessInfo[] = [];
  for (const pid of candidates) {
    if (pid === process.pid || !environHolds(pid, entry)) continue;
    const info = readProcess(pid);
    if (isLive(info)) found.push(info);
  }
  return found;
}
