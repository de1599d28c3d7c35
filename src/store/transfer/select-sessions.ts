/**
 * The sessions a transfer copies: every session of the source, or the ones named, each resolved as
 * `run` resolves `--session` (the exact id, else the newest `YY-MM-DD-<name>`). Pure.
 */
import { resolveSessionFolder } from '../../session/resolve-session.js';

export type SelectedSession =
  | { readonly kind: 'found'; readonly session: string }
  | { readonly kind: 'missing'; readonly name: string };

/** Throws `session.name` (exit 2) for a name that is not a session name. */
export function selectSessions(
  available: readonly string[],
  names: readonly string[] | undefined,
  today: Date,
): SelectedSession[] {
  if (names === undefined || names.length === 0)
    return [...available].sort().map((session) => ({ kind: 'found', session }));
  const entries = available.map((name) => ({ name, isDirectory: true }));
  const picked = names.map((name): SelectedSession => {
    const resolved = resolveSessionFolder(entries, name, today);
    return resolved.isNew ? { kind: 'missing', name } : { kind: 'found', session: resolved.folder };
  });
  // Two names for one session copy it once.
  return picked.filter(
    (entry, index) =>
      entry.kind === 'missing' ||
      picked.findIndex((other) => other.kind === 'found' && other.session === entry.session) === index,
  );
}
