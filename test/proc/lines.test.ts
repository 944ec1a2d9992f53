import { LineSplitter } from '../../src/proc/lines.js';

describe('LineSplitter', () => {
  it('returns complete lines and keeps the unfinished tail', () => {
    const splitter = new LineSplitter();
    expect(splitter.push('NICGATE:ker')).toEqual([]);
    expect(splitter.push('nel:6.1\nNICGATE:if')).toEqual(['NICGATE:kernel:6.1']);
    expect(splitter.push('ace:eth0\n')).toEqual(['NICGATE:iface:eth0']);
    expect(splitter.push('')).toEqual([]);
  });

  it('splits several lines in one chunk, including empty ones', () => {
    const splitter = new LineSplitter();
    expect(splitter.push('a\n\nb\nc')).toEqual(['a', '', 'b']);
    expect(splitter.push('\n')).toEqual(['c']);
  });

  it('works one character at a time and with CRLF line ends', () => {
    const splitter = new LineSplitter();
    const lines: string[] = [];
    for (const char of 'NICGATE:ready:5201\r\nNICGATE:iface:eth0\r\npartial')
      lines.push(...splitter.push(char));
    // The carriage return stays; the guest protocol's parser drops it.
    expect(lines).toEqual(['NICGATE:ready:5201\r', 'NICGATE:iface:eth0\r']);
  });

  it('keeps separate state per splitter', () => {
    const a = new LineSplitter();
    const b = new LineSplitter();
    a.push('from-a');
    expect(b.push('from-b\n')).toEqual(['from-b']);
    expect(a.push('\n')).toEqual(['from-a']);
  });
});

describe('LineSplitter bounds (issue 26)', () => {
  it('cuts a line longer than the cap, marking the cut, and reads on at the next newline', () => {
    const splitter = new LineSplitter(10);
    expect(splitter.push('0123456789ABCDEF')).toEqual([]);
    expect(splitter.push('GHIJ\nnext\n')).toEqual(['0123456789…', 'next']);
    expect(splitter.cutLines).toBe(1);
  });

  // Work is bounded by what it holds: each push looks at its chunk and at most the held tail, so a
  // tail that never grows past the cap (or past the line) is linear work, on any machine.
  it('does linear work on one long line sent in small chunks (the held tail is bounded)', () => {
    const splitter = new LineSplitter(1000);
    let mostHeld = 0;
    for (let i = 0; i < 200_000; i += 1) {
      splitter.push('xxxxxxxxxx');
      mostHeld = Math.max(mostHeld, splitter.held);
    }
    expect(mostHeld).toBe(1000);
    expect(splitter.push('\n')).toEqual([`${'x'.repeat(1000)}…`]);
    expect(splitter.held).toBe(0);
  });

  it('does not re-split text it has already split: 40,000 lines in 7-byte chunks hold one line at most', () => {
    const splitter = new LineSplitter();
    const line = 'NICGATE:noise:abcdefghijklmnop';
    const text = `${line}\n`.repeat(40_000);
    const lines: string[] = [];
    let mostHeld = 0;
    for (let i = 0; i < text.length; i += 7) {
      lines.push(...splitter.push(text.slice(i, i + 7)));
      mostHeld = Math.max(mostHeld, splitter.held);
    }
    expect(lines).toHaveLength(40_000);
    expect(lines.every((l) => l === line)).toBe(true);
    expect(mostHeld).toBeLessThanOrEqual(line.length);
  });
});
