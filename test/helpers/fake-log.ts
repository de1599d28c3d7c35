/**
 * The fake CLI's own log, `<scenario>.log.jsonl`: one JSON line per start. The fake appends each
 * line while samocode runs, so a reader can find the file created but still empty, or a line not yet
 * whole; only complete lines (ended by a newline) are returned.
 */
import { readFileSync } from 'node:fs';

/** The lines logged so far, parsed, oldest first (none before the first start). */
export function readFakeLog(script: string): unknown[] {
  let text: string;
  try {
    text = readFileSync(`${script}.log.jsonl`, 'utf8');
  } catch {
    return [];
  }
  // The part after the last newline is a line still being written, or '' when there is none.
  return text
    .split('\n')
    .slice(0, -1)
    .filter((line) => line !== '')
    .map((line): unknown => JSON.parse(line));
}
