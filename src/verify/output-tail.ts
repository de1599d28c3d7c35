/** Keeps the last lines of a stream within a byte cap, so a huge test log never sits in memory. Pure. */
import { type CleanText, cleanStored } from '../text/clean-text.js';

export class OutputTail {
  private text = '';
  constructor(
    private readonly clean: CleanText = cleanStored,
    private readonly maxBytes = 4_096,
    private readonly maxLines = 40,
  ) {}

  push(chunk: string): void {
    this.text = (this.text + chunk).slice(-this.maxBytes * 2);
  }

  /** The last `maxLines` lines (at most `maxBytes`), secrets redacted and control characters neutralised. */
  read(): string {
    const lines = this.text.replace(/\r\n?/g, '\n').trimEnd().split('\n').slice(-this.maxLines);
    return this.clean(lines.join('\n')).slice(-this.maxBytes);
  }
}
