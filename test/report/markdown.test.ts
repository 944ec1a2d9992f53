import { escapeMarkdown } from '../../src/report/markdown.js';

describe('escapeMarkdown', () => {
  it('escapes markup and HTML and joins lines', () => {
    expect(escapeMarkdown('a|b *c* _d_ `e` [f](g) ~h~ \\ <i>&amp;\r\nj')).toBe(
      'a\\|b \\*c\\* \\_d\\_ \\`e\\` \\[f\\](g) \\~h\\~ \\\\ &lt;i&gt;&amp;amp; j',
    );
    expect(escapeMarkdown('</details>')).toBe('&lt;/details&gt;');
  });

  it('breaks mentions, issue references and autolinks with an invisible joiner', () => {
    expect(escapeMarkdown('@octocat @org/team a@b.c')).toBe('@\u200doctocat @\u200dorg/team a@\u200db.c');
    expect(escapeMarkdown('#12 o/r#3 GH-4 ok# #x')).toBe('#\u200d12 o/r#\u200d3 GH\u200d-4 ok# #x');
    expect(escapeMarkdown('https://evil www.evil.com')).toBe('https:\u200d//evil www\u200d.evil.com');
  });

  it('drops other control characters and bidi overrides', () => {
    expect(escapeMarkdown('a\tb\u0000c\u2028d')).toBe('a b c d');
    expect(escapeMarkdown('a\u0085b\u009bc\u007fd')).toBe('a b c d');
    expect(escapeMarkdown('abc\u202edcba\u2066x\u2069')).toBe('abcdcbax');
  });

  it('leaves ordinary scenario keys alone', () => {
    expect(escapeMarkdown('linux/virtio-net-pci/tuned/rtt50ms/send')).toBe(
      'linux/virtio-net-pci/tuned/rtt50ms/send',
    );
  });
});
