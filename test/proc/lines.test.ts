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
