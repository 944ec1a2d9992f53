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

  it('does linear work on one long line sent in small chunks (the held tail is bounded)', () => {
    const splitter = new LineSplitter(1000);
    const started = performance.now();
    for (let i = 0; i < 200_000; i += 1) splitter.push('xxxxxxxxxx');
    expect(splitter.push('\n')).toEqual([`${'x'.repeat(1000)}…`]);
    expect(splitter.held).toBe(0);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('does not re-split text it has already split: 40,000 lines in 1-byte chunks stay fast', () => {
    const splitter = new LineSplitter();
    const text = 'NICGATE:noise:abcdefghijklmnop\n'.repeat(40_000);
    let count = 0;
    const started = performance.now();
    for (let i = 0; i < text.length; i += 7) count += splitter.push(text.slice(i, i + 7)).length;
    expect(count).toBe(40_000);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
