/** Generated blocks inside hand-written prompt files live between a pair of HTML comment markers. */
import { SamocodeError } from '../errors.js';

export function startMarker(name: string): string {
  return `<!-- ${name}:start -->`;
}

export function endMarker(name: string): string {
  return `<!-- ${name}:end -->`;
}

function findBlock(text: string, name: string, where: string): { from: number; to: number } {
  const start = text.indexOf(startMarker(name));
  const end = text.indexOf(endMarker(name));
  if (start < 0 || end < 0 || end < start) {
    throw new SamocodeError(
      'prompt.markers',
      `${where}: missing the generated-block markers ${startMarker(name)} … ${endMarker(name)}; add both on their own lines where the block belongs, then regenerate with \`npx tsx scripts/write-spec-tables.ts\``,
    );
  }
  return { from: start + startMarker(name).length, to: end };
}

/** The text between the markers, without the line breaks that frame it. */
export function readBetweenMarkers(text: string, name: string, where: string): string {
  const { from, to } = findBlock(text, name, where);
  return text.slice(from, to).replace(/^\n/, '').replace(/\n$/, '');
}

/** `text` with the block between the markers replaced by `body`. */
export function replaceBetweenMarkers(text: string, name: string, body: string, where: string): string {
  const { from, to } = findBlock(text, name, where);
  return `${text.slice(0, from)}\n${body}\n${text.slice(to)}`;
}
