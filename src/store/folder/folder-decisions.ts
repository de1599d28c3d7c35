/**
 * Decisions in a session folder, first writer wins: `<session>/_gates/g<seq>-<kind>.json` is
 * written to a temp file and hard-linked into place; `link()` fails with EEXIST for every writer
 * after the first, which then reads the winner's record.
 */
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SamocodeError } from '../../errors.js';
import { createExclusive } from '../../session/exclusive-create.js';
import { type JsonObject, parseJsonObject } from '../json.js';
import type { DecisionResult } from '../session-store.js';

export const GATES_FOLDER = '_gates';

const codeOf = (error: unknown): unknown =>
  error instanceof Error && 'code' in error ? error.code : undefined;

function decisionPath(sessionDir: string, gateFile: string): string {
  return join(sessionDir, GATES_FOLDER, `${gateFile}.json`);
}

export function readFolderDecision(sessionDir: string, gateFile: string): DecisionResult | undefined {
  const path = decisionPath(sessionDir, gateFile);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    throw error;
  }
  const decision = parseJsonObject(text);
  if (decision === undefined) {
    throw new SamocodeError(
      'store.decision',
      `${path} is not a decision record (not a JSON object); move it aside and decide again`,
    );
  }
  const at = decision.at;
  const decidedAt = typeof at === 'string' ? at : statSync(path).mtime.toISOString();
  return { isFirst: false, decision, decidedAt };
}

export function recordFolderDecision(
  sessionDir: string,
  gateFile: string,
  decision: JsonObject,
): DecisionResult {
  mkdirSync(join(sessionDir, GATES_FOLDER), { recursive: true });
  const path = decisionPath(sessionDir, gateFile);
  const created = createExclusive(path, `${JSON.stringify(decision)}\n`);
  if (created.kind === 'failed')
    throw new SamocodeError('store.write', `record the decision: ${created.reason}`);
  const isFirst = created.kind === 'created';
  const recorded = readFolderDecision(sessionDir, gateFile);
  if (recorded === undefined)
    throw new SamocodeError('store.decision', `${path} vanished while read; decide again`);
  return { ...recorded, isFirst, ...(isFirst ? { decision } : {}) };
}
