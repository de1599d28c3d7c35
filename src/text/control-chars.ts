/**
 * Neutralises characters that act on a terminal or reorder text instead of being read: C0 and C1
 * controls (ESC starts ANSI sequences, BEL, NUL, a lone CR that overwrites a line), DEL, and the
 * bidirectional and invisible format controls (RLO and friends). Each becomes a visible mark, so a
 * reader still sees that something was there. Newlines and tabs stay. Pure.
 */

/** Ranges (inclusive) of code points that are replaced. */
const CONTROL_RANGES: readonly (readonly [number, number])[] = [
  [0x00, 0x08],
  [0x0b, 0x1f],
  [0x7f, 0x9f],
  [0x061c, 0x061c],
  [0x200b, 0x200f],
  [0x2028, 0x202e],
  [0x2060, 0x2064],
  [0x2066, 0x2069],
  [0xfeff, 0xfeff],
];

const hex = (code: number): string => code.toString(16).padStart(4, '0');
/** One class of every range above, matched code point by code point. */
const CONTROL = new RegExp(
  `[${CONTROL_RANGES.map(([low, high]) => `\\u{${hex(low)}}-\\u{${hex(high)}}`).join('')}]`,
  'gu',
);

function visibleMark(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  // C0 controls have Unicode "control pictures" (␛ for ESC, ␇ for BEL, ␀ for NUL); DEL is ␡.
  if (code < 0x20) return String.fromCodePoint(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `<U+${hex(code).toUpperCase()}>`;
}

export function neutralizeControls(text: string): string {
  return text.replaceAll('\r\n', '\n').replace(CONTROL, visibleMark);
}
