/**
 * One stream shared by log lines and the live status line: on a TTY the status line is
 * erased before a log line is printed and redrawn after it, so they never interleave.
 */
import type { Writable } from 'node:stream';

const CLEAR_LINE = '\r\u001b[2K';

export class StatusTerminal {
  private status = '';

  constructor(
    private readonly stream: Writable,
    readonly isTty: boolean,
  ) {}

  /** Prints complete lines above the status line. */
  printAbove(text: string): void {
    const body = text.endsWith('\n') ? text : `${text}\n`;
    if (this.isTty && this.status) this.stream.write(`${CLEAR_LINE}${body}${this.status}`);
    else this.stream.write(body);
  }

  /** Replaces the status line (TTY only; elsewhere it is a no-op). */
  showStatus(line: string): void {
    if (!this.isTty) return;
    const columns =
      'columns' in this.stream && typeof this.stream.columns === 'number' ? this.stream.columns : 0;
    this.status = columns > 1 && line.length >= columns ? `${line.slice(0, columns - 2)}…` : line;
    this.stream.write(`${CLEAR_LINE}${this.status}`);
  }

  clearStatus(): void {
    if (!this.isTty || !this.status) return;
    this.status = '';
    this.stream.write(CLEAR_LINE);
  }
}

/**
 * The terminal of one of several sessions that share a stream (the runs of a `worker` or `serve`):
 * every line starts with the session, so interleaved lines still say whose they are, and no status
 * line is drawn, since several would overwrite each other.
 */
export class PrefixedTerminal extends StatusTerminal {
  constructor(
    stream: Writable,
    private readonly prefix: string,
  ) {
    super(stream, false);
  }

  override printAbove(text: string): void {
    const lines = (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
    super.printAbove(lines.map((line) => `${this.prefix}${line}`).join('\n'));
  }
}
