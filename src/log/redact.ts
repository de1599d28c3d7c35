/**
 * Secret redaction: one pure function used by every side channel (logs, Telegram, inspector),
 * so a token never reaches a transport, a chat or a browser.
 */

export const REDACTED = '[redacted]';

/** Env var names that hold secrets: their values are scrubbed wherever they appear. */
const SECRET_NAME = /TOKEN|KEY|SECRET|PASSWORD|PASSWD|CREDENTIAL/i;
/** Values shorter than this are too common to scrub safely (e.g. "1", "true"). */
const MIN_SECRET_LENGTH = 6;

const PATTERNS: readonly RegExp[] = [
  /\b\d+:[A-Za-z0-9_-]{30,}/g, // Telegram bot token
  /\bsk-ant-[A-Za-z0-9_-]{8,}/g, // Anthropic key
  /\bsk-[A-Za-z0-9_-]{16,}/g, // OpenAI-style key
  /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/gi,
];

export type Redact = (text: string) => string;

/** The secret values found in an environment (by variable name), longest first. */
export function collectSecretValues(env: Readonly<Record<string, string | undefined>>): string[] {
  const values = Object.entries(env)
    .filter(
      ([name, value]) => SECRET_NAME.test(name) && value !== undefined && value.length >= MIN_SECRET_LENGTH,
    )
    .map(([, value]) => value ?? '');
  return [...new Set(values)].sort((a, b) => b.length - a.length);
}

/** A redactor for known secret values plus the token shapes above. */
export function buildRedactor(secretValues: readonly string[] = []): Redact {
  return (text: string): string => {
    let out = text;
    for (const value of secretValues) out = out.split(value).join(REDACTED);
    for (const pattern of PATTERNS) out = out.replace(pattern, REDACTED);
    return out;
  };
}

/** A redactor for the given environment (normally `process.env` at start). */
export function buildEnvRedactor(env: Readonly<Record<string, string | undefined>>): Redact {
  return buildRedactor(collectSecretValues(env));
}

/** Redacts every string inside a JSON-like value; other leaves are kept. */
export function redactDeep(value: unknown, redact: Redact, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact, depth + 1));
  if (value instanceof Error) return redact(value.stack ?? value.message);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = redactDeep(item, redact, depth + 1);
  return out;
}
