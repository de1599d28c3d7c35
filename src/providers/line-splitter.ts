/**
 * Splits a byte stream into lines without ever holding more than one (capped) line. It works on
 * the bytes: a newline byte never occurs inside a UTF-8 character, so each line is decoded on its
 * own and no chunk-sized string is made per chunk (a 1 GB stream would otherwise keep V8's young
 * generation growing).
 */

/** Longer lines are written to the log in full but not parsed (a 4 MiB tool result is not a verdict). */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;

const NEWLINE = 0x0a;

export interface LineSplitter {
  push(chunk: Buffer): void;
  /** Emits the last line if the stream did not end with a newline. */
  end(): void;
}

export function createLineSplitter(
  onLine: (line: string) => void,
  maxLineBytes = MAX_LINE_BYTES,
): LineSplitter {
  // The start of the current line, from earlier chunks (views, not copies: chunks are not reused).
  let pieces: Buffer[] = [];
  let pieceBytes = 0;
  let isOversized = false;

  const finishLine = (last: Buffer): void => {
    if (!isOversized && pieceBytes + last.length <= maxLineBytes) {
      onLine(pieces.length === 0 ? last.toString('utf8') : Buffer.concat([...pieces, last]).toString('utf8'));
    }
    pieces = [];
    pieceBytes = 0;
    isOversized = false;
  };

  return {
    push(chunk) {
      let start = 0;
      for (let newline = chunk.indexOf(NEWLINE); newline !== -1; newline = chunk.indexOf(NEWLINE, start)) {
        finishLine(chunk.subarray(start, newline));
        start = newline + 1;
      }
      if (start === chunk.length || isOversized) return;
      const rest = chunk.subarray(start);
      if (pieceBytes + rest.length > maxLineBytes) {
        pieces = [];
        pieceBytes = 0;
        isOversized = true;
        return;
      }
      pieces.push(rest);
      pieceBytes += rest.length;
    },
    end() {
      if (!isOversized && pieceBytes > 0) finishLine(Buffer.alloc(0));
      pieces = [];
      pieceBytes = 0;
      isOversized = false;
    },
  };
}

/** Keeps the last bytes of a stream, for error messages. */
export interface Tail {
  push(chunk: Buffer): void;
  text(): string;
}

/** The last `maxBytes` bytes, kept in one buffer outside the JS heap and decoded only when asked. */
export function createTail(maxBytes = 8 * 1024): Tail {
  const kept = Buffer.alloc(maxBytes);
  let length = 0;
  return {
    push(chunk) {
      if (chunk.length >= maxBytes) {
        chunk.copy(kept, 0, chunk.length - maxBytes);
        length = maxBytes;
        return;
      }
      const overflow = length + chunk.length - maxBytes;
      if (overflow > 0) {
        kept.copy(kept, 0, overflow, length);
        length -= overflow;
      }
      chunk.copy(kept, length);
      length += chunk.length;
    },
    text() {
      // Cut at a byte inside a character: start at the next whole one.
      let start = 0;
      while (start < length && ((kept[start] ?? 0) & 0xc0) === 0x80) start += 1;
      return kept.toString('utf8', start, length);
    },
  };
}
