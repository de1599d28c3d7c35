/**
 * The text a person reads to decide the open gate on the dashboard: the plan for an approval, the
 * session's `_qa.md` for answers (the form edits it whole). Read as a small regular file, shown by
 * the page as text, never as HTML.
 */
import { join } from 'node:path';
import { readSmallFile } from '../gates/read-small-file.js';
import { findPlanFile, pickPlanName } from '../session/plan-file.js';
import type { ViewGate } from '../view/view-types.js';
import { MAX_ACTION_BYTES } from './dashboard-actions.js';

export interface GateText {
  /** The file's path, as the view names it. */
  readonly path: string;
  readonly text: string;
}

function readText(path: string): GateText {
  const read = readSmallFile(path, MAX_ACTION_BYTES);
  if (read.kind === 'text') return { path, text: read.text };
  if (read.kind === 'missing') return { path, text: '' };
  return { path, text: `(${read.reason})` };
}

export function readGateText(
  sessionDir: string,
  gate: Pick<ViewGate, 'kind'> | undefined,
): GateText | undefined {
  if (gate?.kind === 'approval') {
    const plan = findPlanFile(sessionDir);
    return plan === undefined ? undefined : readText(plan);
  }
  if (gate?.kind === 'answers') return readText(join(sessionDir, '_qa.md'));
  return undefined;
}

/** The same text from a stored session's agent files (path → text); `dir` names where a run here keeps them. */
export function buildStoredGateText(
  files: Readonly<Record<string, string>>,
  dir: string,
  gate: Pick<ViewGate, 'kind'> | undefined,
): GateText | undefined {
  const name =
    gate?.kind === 'approval'
      ? pickPlanName(Object.keys(files))
      : gate?.kind === 'answers'
        ? '_qa.md'
        : undefined;
  if (name === undefined) return undefined;
  const text = files[name] ?? '';
  const path = join(dir, name);
  return Buffer.byteLength(text) > MAX_ACTION_BYTES
    ? { path, text: `(larger than ${MAX_ACTION_BYTES} bytes: too large to show here)` }
    : { path, text };
}
