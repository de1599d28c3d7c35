/** Finds the plan document the planning agent wrote (`NNN-plan[-slug].md`), so a wait can name it by its full path. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const PLAN_FILE = /^\d{3,}-plan(?:-[^/]*)?\.md$/;

/** The newest plan (highest iteration prefix) in the session folder, or undefined when there is none or the folder cannot be read. */
export function findPlanFile(sessionDir: string): string | undefined {
  let names: string[];
  try {
    names = readdirSync(sessionDir);
  } catch {
    return undefined;
  }
  const newest = pickPlanName(names);
  return newest === undefined ? undefined : join(sessionDir, newest);
}

/** The newest plan among a folder's file names (a stored session's agent files too). Pure. */
export function pickPlanName(names: readonly string[]): string | undefined {
  return names
    .filter((name) => PLAN_FILE.test(name))
    .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10) || a.localeCompare(b))
    .at(-1);
}
