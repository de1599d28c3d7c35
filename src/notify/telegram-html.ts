/** Telegram's HTML parse mode needs only `&`, `<` and `>` escaped in text. */
export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Cuts long free text (agent reasons, provider messages) to keep messages readable. */
export function clip(text: string, max = 600): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
