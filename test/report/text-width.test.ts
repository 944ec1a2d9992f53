import { textColumns } from '../../src/report/text-width.js';

describe('textColumns', () => {
  it('counts a column per ASCII character', () => {
    expect(textColumns('')).toBe(0);
    expect(textColumns('virtio · tuned  -8.2% [-10.1%, -6.0%]')).toBe(37);
  });

  it('counts the chart’s box, dot and middle-dot characters one column each, as a code point each', () => {
    expect(textColumns('├──●──┤ │ ┼ < > : ·')).toBe(19);
    // Length in UTF-16 units would count an astral character twice.
    expect(textColumns('𝑥')).toBe(1);
  });

  it('counts wide East Asian and emoji characters two columns, combining marks none', () => {
    expect(textColumns('回归')).toBe(4);
    expect(textColumns('ｘ')).toBe(2);
    expect(textColumns('🔴')).toBe(2);
    expect(textColumns('e\u0301')).toBe(1);
    expect(textColumns('a\u200db')).toBe(2);
  });
});
