/**
 * The logger-level winston format: every field of a line (message and meta, Errors included) is
 * redacted and stripped of control characters here, once, before any transport sees it.
 */
import winston from 'winston';
import { type CleanText, cleanDeep } from '../text/clean-text.js';

export function cleanFields(clean: CleanText): winston.Logform.Format {
  return winston.format((info) => {
    // Only the string keys: winston's own symbol keys (level, splat) stay as they are.
    for (const key of Object.keys(info)) info[key] = cleanDeep(info[key], clean);
    return info;
  })();
}
