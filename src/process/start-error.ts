/** Why a child could not start, read from the error and from the file system (which of the two is gone). */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { StartError } from './process-result.js';

interface StartRequest {
  readonly file: string;
  readonly cwd: string;
}

const codeOf = (value: unknown): string | undefined =>
  value instanceof Error && 'code' in value && typeof value.code === 'string' ? value.code : undefined;

const isDirectory = (path: string): boolean =>
  statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;

/** ENOENT names no file: the working folder, else a program given as a path, may be what is gone. */
function findMissing(code: string, { file, cwd }: StartRequest): StartError['missing'] {
  if (code !== 'ENOENT') return undefined;
  if (!isDirectory(cwd)) return 'cwd';
  return file.includes('/') && statSync(resolve(cwd, file), { throwIfNoEntry: false }) === undefined
    ? 'program'
    : undefined;
}

/** What a failed start was about, from execa's error (or the one it threw). */
export function toStartError(error: unknown, request: StartRequest): StartError {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = codeOf(cause) ?? codeOf(error) ?? 'EINVAL';
  const missing = findMissing(code, request);
  const text = cause instanceof Error ? cause.message : String(cause);
  const message = missing === 'cwd' ? `the folder ${request.cwd} does not exist (${code})` : text;
  return { code, message, file: request.file, cwd: request.cwd, ...(missing ? { missing } : {}) };
}
