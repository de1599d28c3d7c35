/**
 * Reading what the demo model needs from samocode's prompt: the phase (from the Session
 * Context's `**Phase:** <phase>` line) and the session folder. Pure.
 */
import { isPhase, type Phase } from '../../machines/phases.js';

/** The phase the prompt's Session Context names, or undefined when there is none. */
export function readPromptPhase(prompt: string): Phase | undefined {
  const patterns = [/\*\*Phase:?\*\*:?\s*`?([a-z]+)`?/i, /^\s*[-*]?\s*Phase:\s*`?([a-z]+)`?/im];
  for (const pattern of patterns) {
    const found = pattern.exec(prompt)?.[1]?.toLowerCase();
    if (isPhase(found)) return found;
  }
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * A shell expression for the session folder: the Session Context's `Session folder:` line, else
 * a `<SESSIONS>/<YY-MM-DD>-<name>` path anywhere in the prompt, else a lookup of the newest one.
 */
export function sessionDirExpression(prompt: string, sessionsDir: string, sessionName: string): string {
  const named = /^\s*[-*]?\s*\**Session folder:?\**:?\s*`?([^`\n]+?)`?\s*$/im.exec(prompt)?.[1];
  if (named?.startsWith(sessionsDir)) return shellQuote(named);
  const pattern = new RegExp(
    `${escapeRegExp(sessionsDir)}/\\d{2}-\\d{2}-\\d{2}-${escapeRegExp(sessionName)}(?![\\w.-])`,
  );
  const literal = pattern.exec(prompt)?.[0];
  if (literal !== undefined) return shellQuote(literal);
  return `"$(ls -d ${shellQuote(sessionsDir)}/*-${shellQuote(sessionName)} | tail -n 1)"`;
}
