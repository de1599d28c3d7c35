/** Reads every session folder under SESSIONS (hidden folders and plain files are not sessions). */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readSessionFiles, type SessionFiles } from './read-session-files.js';

export function readFleet(sessionsDir: string): SessionFiles[] {
  return readdirSync(sessionsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => readSessionFiles(join(sessionsDir, entry.name)));
}
