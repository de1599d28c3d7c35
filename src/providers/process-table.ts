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

/** The provider's environment carries this variable; its value is unique to one attempt. */
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

/** The `NAME=value` entry that marks one attempt's processes, as it appears in environ. */
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
 * Up to this many pids born since the attempt began are probed one by one (an `environ` open that
 * fails with ENOENT for a pid not in use); more, and /proc is listed instead. Listing /proc costs
 * ≈ 0.4 ms with a few hundred processes on the host, a failed open a few µs.
 */
const PROBE_LIMIT = 256;

/**
 * The pids handed out from `firstPid` to `last`: the kernel hands them out in a cycle, so they lie
 * between the two, wrapping once. Wrong only if more pids than `pid_max` were handed out in between.
 */
function pidRange(firstPid: number, last: number): number[] | undefined {
  if (last >= firstPid) {
    if (last - firstPid >= PROBE_LIMIT) return undefined;
    return Array.from({ length: last - firstPid + 1 }, (_, index) => firstPid + index);
  }
  return undefined;
}

/**
 * Live processes whose environment carries the marker: the provider's descendants wherever they
 * went (a `setsid` daemon too), unless they replaced their environment. With `sincePid`, only
 * processes born since that pid are looked at: probed one by one when few pids were handed out
 * since, else from one listing of /proc.
 */
export function findMarkedProcesses(marker: string, sincePid?: number): ProcessInfo[] {
  const last = sincePid === undefined ? undefined : readLastPid();
  const candidates =
    sincePid === undefined || last === undefined
      ? listPids()
      : (pidRange(sincePid, last) ?? listBornSince(sincePid));
  if (candidates === undefined) return [];
  const entry = markerEntry(marker);
  const found: ProcessInfo[] = [];
  for (const pid of candidates) {
    if (pid === process.pid || !environHolds(pid, entry)) continue;
    const info = readProcess(pid);
    if (isLive(info)) found.push(info);
  }
  return found;
}

/** The pids in /proc born at or after `firstPid` (the last pid is read after listing). */
function listBornSince(firstPid: number): number[] | undefined {
  const pids = listPids();
  if (pids === undefined) return undefined;
  const last = readLastPid();
  if (last === undefined) return pids;
  return pids.filter((pid) =>
    last >= firstPid ? pid >= firstPid && pid <= last : pid >= firstPid || pid <= last,
  );
}
