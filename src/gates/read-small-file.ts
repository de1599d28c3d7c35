/**
 * A small file another process or a person may have put there, as the channels want it: missing,
 * its text, or refused in words. The reading itself is the session-file reader's (no link
 * followed, no blocking on a FIFO, nothing over the cap read).
 */
import { readSessionFile } from '../session/read-session-file.js';

export type SmallFileRead =
  | { readonly kind: 'missing' }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'refused'; readonly reason: string };

const codeOf = (error: unknown): string =>
  error instanceof Error && 'code' in error ? String(error.code) : '';

export function readSmallFile(path: string, maxBytes: number): SmallFileRead {
  let read: ReturnType<typeof readSessionFile>;
  try {
    read = readSessionFile(path, maxBytes);
  } catch (error) {
    return { kind: 'refused', reason: `cannot read ${path} (${codeOf(error) || String(error)})` };
  }
  if (read === undefined) return { kind: 'missing' };
  if ('problem' in read) return { kind: 'refused', reason: `${path} ${read.problem}` };
  return { kind: 'text', text: read.text };
}
