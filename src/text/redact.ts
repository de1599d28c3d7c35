/**
 * Secret redaction: one pure function used by everything samocode writes or sends (session
 * files, logs, Telegram, the inspector), so a token never reaches a file, a chat or a browser.
 */

export const REDACTED = '[redacted]';

/** Env var names that hold secrets: their values are scrubbed wherever they appear. */
const SECRET_NAME = /TOKEN|KEY|SECRET|PASSWORD|PASSWD|CREDENTIAL|_PAT$|^PAT$/i;
/** The user's own list of variables whose values are secret: `SAMOCODE_REDACT_VARS=GH_PAT,MY_TOKEN`. */
export const REDACT_VARS = 'SAMOCODE_REDACT_VARS';
/** Values shorter than this are too common to scrub safely (e.g. "1", "true"). */
const MIN_SECRET_LENGTH = 6;

/** Token shapes of the common providers, matched wherever they appear. */
const PATTERNS: readonly RegExp[] = [
  /\b\d+:[A-Za-z0-9_-]{30,}/g, // Telegram bot token
  /\bsk-ant-[A-Za-z0-9_-]{8,}/g, // Anthropic key
  /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,}/g, // OpenAI key
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g, // GitHub token (classic, OAuth, user, server, refresh)
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g, // GitHub fine-grained token
  /\bxox[abeoprs]-[A-Za-z0-9-]{10,}/g, // Slack token
  /\bxapp-\d-[A-Za-z0-9-]{10,}/g, // Slack app token
  /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[0-9A-Z]{16}\b/g, // AWS access key id
  /\bAIza[0-9A-Za-z_-]{35}/g, // Google API key
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, // JWT
  /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/gi,
];

/** The user and password of a URL (`postgres://user:secret@db/x`): the rest of the URL stays readable. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi;

export type Redact = (text: string) => string;

/** Names listed in `SAMOCODE_REDACT_VARS` (commas or spaces between them). */
function listedNames(env: Readonly<Record<string, string | undefined>>): ReadonlySet<string> {
  const list = env[REDACT_VARS] ?? '';
  return new Set(list.split(/[\s,]+/).filter(Boolean));
}

/** The secret values found in an environment (by variable name, or listed by the user), longest first. */
export function collectSecretValues(env: Readonly<Record<string, string | undefined>>): string[] {
  const listed = listedNames(env);
  const values = Object.entries(env)
    .filter(
      ([name, value]) =>
        (SECRET_NAME.test(name) || listed.has(name)) &&
        name !== REDACT_VARS &&
        value !== undefined &&
        value.length >= MIN_SECRET_LENGTH,
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
    return out.replace(URL_CREDENTIALS, `$1${REDACTED}@`);
  };
}

/** A secret setting as a problem may quote it: a URL without its credentials, anything else not at all. */
export function hideSecret(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return value;
  const withoutCredentials = value.replace(URL_CREDENTIALS, `$1${REDACTED}@`);
  return withoutCredentials === value && !/^[a-z][a-z0-9+.-]*:\/\//i.test(value)
    ? REDACTED
    : withoutCredentials;
}

/** A redactor for the given environment (normally `process.env` at start). */
export function buildEnvRedactor(env: Readonly<Record<string, string | undefined>>): Redact {
  return buildRedactor(collectSecretValues(env));
}
