/**
 * Text that samocode stores or shows: secrets redacted, then control characters neutralised.
 * `cleanStored` covers the token shapes only (no environment), for the writers' last line of
 * defence; a run builds a cleaner with its environment's secret values for everything else.
 */
import { neutralizeControls } from './control-chars.js';
import { buildRedactor, type Redact } from './redact.js';

export type CleanText = (text: string) => string;

export function buildTextCleaner(redact: Redact): CleanText {
  return (text) => neutralizeControls(redact(text));
}

const patternsOnly = buildTextCleaner(buildRedactor());

/** Cleans with the token shapes only: what a writer can do without the run's environment. */
export function cleanStored(text: string): string {
  return patternsOnly(text);
}

/** Cleans every string (not the keys) inside JSON-like data; other leaves are kept. */
export function cleanDeep<T>(value: T, clean: CleanText = cleanStored): T {
  return mapStrings(value, clean, 0) as T;
}

function mapStrings(value: unknown, clean: CleanText, depth: number): unknown {
  if (typeof value === 'string') return clean(value);
  if (depth > 40 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, clean, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = mapStrings(item, clean, depth + 1);
  return out;
}
