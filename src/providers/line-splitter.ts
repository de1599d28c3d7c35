/** Splits a byte stream into lines without ever holding more than one (capped) line. */
import { StringDecoder } from 'node:string_decoder';

/** Longer lines are written to the log in full but not parsed (a 4 MiB tool result is not a verdict). */
export const MAX_LINE_CHARS = 4 * 1024 * 1024;

export interface LineSplitter {
  push(chunk: Buffer): void;
  /** Emits the last line if the stream did not end with a newline. */
  end(): void;
}

export function createLineSplitter(
  onLine: (line: string) => void,
  maxLineChars = MAX_LINE_CHARS,
): LineSplitter {
  const decoder = new StringDecoder('utf8');
  let partial = '';
  let isOversized = false;

  function take(text: string): void {
    let start = 0;
    for (let newline = text.indexOf('\n', start); newline !== -1; newline = text.indexOf('\n', start)) {
      const piece = text.slice(start, newline);
      if (!isOversized && partial.length + piece.length <= maxLineChars) onLine(partial + piece);
      partial = '';
      isOversized = false;
      start = newline + 1;
    }
    const rest = text.slice(start);
    if (isOversized) return;
    if (partial.length + rest.length > maxLineChars) {
      partial = '';
      isOversized = true;
      return;
    }
    partial += rest;
  }

  return {
    push(chunk) {
      take(decoder.write(chunk));
    },
    end() {
      take(decoder.end());
      if (!isOversized && partial !== '') onLine(partial);
      partial = '';
      isOversized = false;
    },
  };
}

/** Keeps the last `maxChars` characters of a stream, for error messages. */
export interface Tail {
  push(chunk: Buffer): void;
  text(): string;
}

export function createTail(maxChars = 8 * 1024): Tail {
  let kept = '';
  const decoder = new StringDecoder('utf8');
  return {
    push(chunk) {
      kept += decoder.write(chunk.length > maxChars ? chunk.subarray(chunk.length - maxChars) : chunk);
      if (kept.length > maxChars) kept = kept.slice(kept.length - maxChars);
    },
    text() {
      return kept;
    },
  };
}
