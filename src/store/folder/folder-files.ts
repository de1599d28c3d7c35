/** The agent's small files in a session folder: read for `readSession`, written by a commit. */
import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../../session/atomic-write.js';
import { checkAgentFilePath, MAX_AGENT_FILE_BYTES } from '../store-rules.js';

const MAX_DEPTH = 4;

/** Every regular file an agent may keep (not samocode's own, not hidden, not too big): path → text. */
export function readAgentFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const visit = (relative: string, depth: number): void => {
    let entries: string[];
    try {
      entries = readdirSync(join(dir, relative));
    } catch {
      return;
    }
    for (const name of entries.sort()) {
      const path = relative === '' ? name : `${relative}/${name}`;
      if (checkAgentFilePath(path) !== undefined) continue;
      const stat = lstatSync(join(dir, path), { throwIfNoEntry: false });
      if (stat?.isDirectory() && depth < MAX_DEPTH) visit(path, depth + 1);
      else if (stat?.isFile() && stat.size <= MAX_AGENT_FILE_BYTES)
        files[path] = readFileSync(join(dir, path), 'utf8');
    }
  };
  visit('', 1);
  return files;
}

/** Writes (atomically) or removes each file; paths were validated by the caller. */
export function writeAgentFiles(dir: string, files: Readonly<Record<string, string | null>>): void {
  for (const [path, text] of Object.entries(files)) {
    const full = join(dir, path);
    if (text === null) {
      rmSync(full, { force: true });
      continue;
    }
    mkdirSync(dirname(full), { recursive: true });
    writeFileAtomic(full, text);
  }
}
