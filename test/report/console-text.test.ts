import { consoleText } from '../../src/report/console-text.js';
import { CONTROL, HOSTILE, commandLines } from './hostile.js';

describe('consoleText', () => {
  it('keeps ordinary text, unicode included', () => {
    expect(consoleText('linux/e1000/stock/lan/send: median 8.2% lower — ±1.0% µs')).toBe(
      'linux/e1000/stock/lan/send: median 8.2% lower — ±1.0% µs',
    );
  });

  it('turns every line break into a space, so nothing starts a line', () => {
    expect(consoleText('a\nb\r\nc\rd\u2028e\u2029f\u0085g\u000bh\u000ci\tj')).toBe('a b c d e f g h i j');
    const text = consoleText(HOSTILE);
    expect(text.split('\n')).toHaveLength(1);
    expect(commandLines(text)).toEqual([]);
  });

  it('shows other controls and bidi overrides as escapes', () => {
    expect(consoleText('a\u001b[2Jb\u0000c\u007fd\u009be\u202ef\u2066g')).toBe(
      'a\\x1b[2Jb\\x00c\\x7fd\\x9be\\u202ef\\u2066g',
    );
    expect(consoleText(HOSTILE)).not.toMatch(CONTROL);
  });
});
