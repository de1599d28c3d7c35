/**
 * The answers a decision carries, written into `_qa.md` by the holder that applies it: a whole
 * `_qa.md` as a person edited it (the dashboard's form, `answer --file F`) replaces the file; answers
 * typed in a reply (Telegram) are added under a heading naming who answered, when and how.
 */
import { readFileSync } from 'node:fs';
import type { Decision } from '../gates/decision.js';
import { writeFileAtomic } from '../session/atomic-write.js';

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return fallback;
    throw error;
  }
}

/** The new `_qa.md` text, or undefined when the decision carries no answers. Pure. */
export function buildQaText(current: string, decision: Decision): string | undefined {
  const { qa, answers } = decision.payload ?? {};
  if (qa !== undefined) return qa.endsWith('\n') ? qa : `${qa}\n`;
  if (answers === undefined) return undefined;
  const base = current === '' || current.endsWith('\n') ? current : `${current}\n`;
  return `${base}\n## Answers from ${decision.who} via ${decision.channel} at ${decision.at}\n\n${answers.trim()}\n`;
}

/** Writes the decision's answers into `qaPath` (atomically); true when it wrote. */
export function writeQaAnswers(qaPath: string, decision: Decision): boolean {
  const text = buildQaText(readOr(qaPath, ''), decision);
  if (text === undefined) return false;
  writeFileAtomic(qaPath, text);
  return true;
}
