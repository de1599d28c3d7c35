/**
 * The owner of every process group samocode starts. Each child leads its own group and carries a
 * marker unique to it in its environment, so descendants that leave the group (`setsid`) are found
 * too. A group is ended with SIGTERM, a grace period, then SIGKILL; it is reaped after a normal exit
 * too; whatever is not seen dead when samocode exits is SIGKILLed then. A group recorded in a file
 * by a samocode that was killed is reaped by the next run.
 */
import { randomBytes } from 'node:crypto';
import { isRecordedGroupOurs, readGroupRecord, removeGroupRecord } from './group-record.js';
import { killTreesNow, type ProcessTree, type TreeEnd, terminateTree } from './process-tree.js';

const liveTrees = new Set<ProcessTree>();
let isExitHookInstalled = false;

/** A marker for one child: our pid and 64 random bits. */
export function newProcessMarker(): string {
  return `${process.pid}-${randomBytes(8).toString('hex')}`;
}

function installExitHook(): void {
  if (isExitHookInstalled) return;
  isExitHookInstalled = true;
  // A second Ctrl-C exits at once: SIGKILL what is still running (a pid record stays for the next run).
  process.once('exit', () => killTreesNow([...liveTrees]));
}

/** Counts `tree` as ours until `endTree` sees it dead: until then our exit SIGKILLs it. */
export function adoptTree(tree: ProcessTree): void {
  installExitHook();
  liveTrees.add(tree);
}

/**
 * SIGTERM to the tree, `graceMs`, SIGKILL (see `terminateTree`); a tree seen dead is no longer
 * ours to kill on exit.
 *
 * @example
 * if ((await endTree(tree, 10_000)) !== 'stuck') clearGroupRecord(file);
 */
export async function endTree(tree: ProcessTree, graceMs: number): Promise<TreeEnd> {
  const end = await terminateTree(tree, graceMs);
  if (end !== 'stuck') liveTrees.delete(tree);
  return end;
}

/**
 * Kills the tree a killed samocode left behind (see `group-record.ts`); returns its pgid if
 * anything of it was alive. The record goes only once the tree is seen dead, so a run killed
 * while reaping leaves it for the next one.
 */
export async function reapRecordedGroup(groupFile: string, graceMs: number): Promise<number | undefined> {
  const record = readGroupRecord(groupFile);
  if (!record) {
    removeGroupRecord(groupFile);
    return undefined;
  }
  // A live leader with another start time means the pid was reused, so that group is not ours;
  // the marker is unique to that child, so marked processes still are (all of them: a full scan).
  const tree: ProcessTree = {
    ...(isRecordedGroupOurs(record) ? { pgid: record.pgid } : {}),
    ...(record.marker ? { marker: record.marker } : {}),
  };
  // Killed while reaping (a double Ctrl-C), we still SIGKILL it on exit, and the record stays.
  adoptTree(tree);
  const end = await endTree(tree, graceMs);
  if (end !== 'stuck') removeGroupRecord(groupFile);
  return end === 'none' ? undefined : record.pgid;
}
