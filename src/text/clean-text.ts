/**
 * Text that samocode stores or shows: secrets redacted, then control characters neutralised.
 * `cleanStored` covers the token shapes only (no environment), for the writers' last line of
 * defence; a run builds a cleaner with its environment's secret values for everything else.
 */
import { neutralizeControls } from './control-chars.js';
import { buildRedactor, type Redact } from './redact.js';

export type CleanText = (text: string) => string;

/** Deeper than this, a value is replaced rather than copied unread: nothing reaches output uncleaned. */
const MAX_DEPTH = 40;
export const TOO_DEEP = '[too deep]';
export const CIRCULAR = '[circular]';

export function buildTextCleaner(redact: Redact): CleanText {
  return (text) => neutralizeControls(redact(text));
}

const patternsOnly = buildTextCleaner(buildRedactor());

/** Cleans with the token shapes only: what a writer can do without the run's environment. */
export function cleanStored(text: string): string {
  return patternsOnly(text);
}

/**
 * Cleans every string (not the keys) inside JSON-like data; numbers, booleans and null are kept.
 * An Error becomes its cleaned stack, a bigint its digits, a cycle `[circular]`.
 */
export function cleanDeep<T>(value: T, clean: CleanText = cleanStored): T {
  return mapStrings(value, clean, []) as T;
}

function mapStrings(value: unknown, clean: CleanText, parents: object[]): unknown {
  if (typeof value === 'string') return clean(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return clean(value.stack ?? value.message);
  if (parents.includes(value)) return CIRCULAR;
  if (parents.length >= MAX_DEPTH) return TOO_DEEP;
  parents.push(value);
  let out: unknown;
  if (Array.isArray(value)) out = value.map((item) => mapStrings(item, clean, parents));
  else {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = mapStrings(item, clean, parents);
    out = copy;
  }
  parents.pop();
  return out;
}
