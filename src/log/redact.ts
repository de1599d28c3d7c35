/** Redaction lives in `src/text/` so the session writers and the provider can use it too. */
export * from '../text/redact.js';
