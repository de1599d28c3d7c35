/** The gates a session folder holds decisions for: `_gates/g<seq>-<kind>.json`, as gate ids. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { GATES_FOLDER } from '../folder/folder-decisions.js';

const DECISION_FILE = /^(g[1-9][0-9]{0,8}-[a-z]{1,20})\.json$/;

export function readFolderGateIds(sessionsDir: string, session: string): string[] {
  let names: string[];
  try {
    names = readdirSync(join(sessionsDir, session, GATES_FOLDER));
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return [];
    throw error;
  }
  return names.flatMap((name) => {
    const match = DECISION_FILE.exec(name);
    return match?.[1] === undefined ? [] : [`${session}/${match[1]}`];
  });
}
