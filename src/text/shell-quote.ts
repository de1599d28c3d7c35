/** Quotes a shell word when it needs it, so a printed command can be pasted into `sh` as is. Pure. */
export function quoteShellWord(word: string): string {
  return /^[A-Za-z0-9_./~:=@%+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
