// Splits a byte stream's text into lines as chunks arrive. Pure.

/** The longest line kept whole by default; longer ones are cut (the rest, up to its newline, dropped). */
const MAX_LINE_LENGTH = 4096;

/**
 * Splits a stream of chunks into complete lines, keeping the unfinished tail. Each character is
 * looked at once, and the tail it holds never grows past `maxLength`: a longer line is cut there,
 * marked with `…`, and the rest of it up to its newline is dropped.
 */
export class LineSplitter {
  private parts: string[] = [];
  private length = 0;
  private cut = false;
  /** How many lines were cut at `maxLength` so far. */
  cutLines = 0;

  constructor(private readonly maxLength = MAX_LINE_LENGTH) {}

  /** How many characters of an unfinished line it holds. */
  get held(): number {
    return this.length;
  }

  push(chunk: string): string[] {
    const lines: string[] = [];
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf('\n', start);
      const end = newline < 0 ? chunk.length : newline;
      this.hold(chunk.slice(start, end));
      if (newline < 0) return lines;
      lines.push(this.parts.join('') + (this.cut ? '…' : ''));
      if (this.cut) this.cutLines += 1;
      this.parts = [];
      this.length = 0;
      this.cut = false;
      start = newline + 1;
    }
  }

  private hold(text: string): void {
    if (text === '') return;
    const room = this.maxLength - this.length;
    if (text.length > room) this.cut = true;
    const kept = text.length > room ? text.slice(0, room) : text;
    if (kept === '') return;
    this.parts.push(kept);
    this.length += kept.length;
  }
}
