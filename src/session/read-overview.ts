/** Reads `_overview.md` for `status` and the overview writer: never blocks, never reads without a cap. */
import { basename } from 'node:path';
import { readSessionFile } from './read-session-file.js';

/**
 * samocode keeps 200 Flow Log lines of its own there; the agents add their notes. Far beyond this,
 * the file is not one a run should read and rewrite on every transition.
 */
export const MAX_OVERVIEW_BYTES = 4 * 1024 * 1024;

/** The text, or why it was not read (`problem` names the file); neither when there is no file. */
export function readOverviewText(path: string): { readonly text?: string; readonly problem?: string } {
  const read = readSessionFile(path, MAX_OVERVIEW_BYTES);
  if (read === undefined) return {};
  if ('problem' in read) return { problem: `${basename(path)} ${read.problem}` };
  return { text: read.text };
}
