/**
 * Temp files a killed write left behind (`._state.json.<pid>.<n>.tmp`, `._run.lock.<pid>.<id>.tmp`):
 * removed once the run holds the lock, when the pid that wrote them is no longer running.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive } from './process-alive.js';

const TEMP = /^\.[^/]+\.(\d+)\.[A-Za-z0-9]+\.tmp$/;

/** Removes the orphaned temp files in `dir`; returns their names. */
export function removeOrphanTemps(dir: string): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    const pid = TEMP.exec(name)?.[1];
    if (pid === undefined || isProcessAlive(Number(pid))) continue;
    rmSync(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}
