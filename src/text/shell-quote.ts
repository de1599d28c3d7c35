/**
 * Commands samocode prints for a person to paste into a POSIX shell: every word that needs it is
 * single-quoted, so a path with a space stays one argument and a `;` or `$(…)` stays text. Pure.
 *
 * @example
 * renderCommand(['samocode', 'run', '--config', '/my dir/.samocode']) // "samocode run --config '/my dir/.samocode'"
 * quoteShellWord("x; touch $HOME") // "'x; touch $HOME'"
 */

/** Characters that mean nothing to `sh` inside an argument (`=` matters only in a leading assignment, never printed here). */
const PLAIN_WORD = /^[A-Za-z0-9_./:@%+,=-]+$/;

/** One word as `sh` reads it back unchanged: bare when safe, else in single quotes (`'` as `'\''`). */
export function quoteShellWord(word: string): string {
  if (word !== '' && PLAIN_WORD.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** A command line from its argv, each word quoted as needed. */
export function renderCommand(argv: readonly string[]): string {
  return argv.map(quoteShellWord).join(' ');
}

/** Commands run one after the other, the next only when the previous succeeded. */
export function joinCommands(commands: readonly string[]): string {
  return commands.join(' && ');
}
