// Splits a byte stream's text into lines as chunks arrive. Pure.

/** Splits a stream of chunks into complete lines, keeping the unfinished tail. */
export class LineSplitter {
  private tail = '';
  push(chunk: string): string[] {
    const text = this.tail + chunk;
    const lines = text.split('\n');
    this.tail = lines.pop() ?? '';
    return lines;
  }
}
