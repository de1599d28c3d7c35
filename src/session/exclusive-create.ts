/**
 * Creates a file whole, once: the contents go to a temp file (fsynced), which is then hard-linked
 * to the target. `link()` fails with EEXIST when the target exists, so of any number of racing
 * writers exactly one creates it, and nobody ever sees a torn file.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { explainWriteFailure } from './write-failure.js';

export type CreateOutcome =
  | { readonly kind: 'created' }
  | { readonly kind: 'exists' }
  | { readonly kind: 'failed'; readonly reason: string };

const codeOf = (error: unknown): string =>
  error instanceof Error && 'code' in error ? String(error.code) : '';

function writeTemp(temp: string, text: string): void {
  const fd = openSync(temp, 'wx', 0o644);
  try {
    const data = Buffer.from(text, 'utf8');
    let offset = 0;
    while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function describeFailure(error: unknown, path: string): string {
  const explained = explainWriteFailure(error, dirname(path), basename(path));
  if (explained) return explained.message;
  return `cannot write ${path} (${codeOf(error) || String(error)})`;
}

/** Creates `path` holding `text` unless it exists; the folder is made when missing. */
export function createExclusive(path: string, text: string): CreateOutcome {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeTemp(temp, text);
    linkSync(temp, path);
    return { kind: 'created' };
  } catch (error) {
    if (codeOf(error) === 'EEXIST') return { kind: 'exists' };
    return { kind: 'failed', reason: describeFailure(error, path) };
  } finally {
    rmSync(temp, { force: true });
  }
}
