import { commentMarker, hasMarker } from '../../src/github/marker.js';

describe('commentMarker', () => {
  it('wraps the id in a hidden HTML comment', () => {
    expect(commentMarker('nicgate/linux-1.2_x')).toBe('<!-- nicgate-comment:nicgate/linux-1.2_x -->');
  });

  it('keeps only safe characters so the id cannot end the comment early', () => {
    const marker = commentMarker('x --> <script>alert(1)</script> <!-- y');
    expect(marker.startsWith('<!-- nicgate-comment:')).toBe(true);
    expect(marker.indexOf('-->')).toBe(marker.length - 3);
    expect(marker).not.toMatch(/<script|--!>|<!--.*<!--/);
    const id = marker.slice('<!-- nicgate-comment:'.length, -4);
    expect(id).toMatch(/^[A-Za-z0-9._/-]+$/);
    expect(id).not.toContain('--');
  });

  it('caps the id at 100 characters and never leaves it empty', () => {
    const id = commentMarker('a'.repeat(500)).slice('<!-- nicgate-comment:'.length, -4);
    expect(id).toHaveLength(100);
    expect(commentMarker('')).toBe('<!-- nicgate-comment:default -->');
  });
});

describe('hasMarker', () => {
  const marker = commentMarker('a.b');

  it('finds the marker on a line of its own, CRLF bodies and surrounding blanks included', () => {
    expect(hasMarker(`${marker}\n## nicgate: 1 regression\n`, marker)).toBe(true);
    expect(hasMarker(`${marker}\r\n## nicgate: 1 regression\r\n`, marker)).toBe(true);
    expect(hasMarker(`intro\r\n  ${marker}\t\r\nrest`, marker)).toBe(true);
    expect(hasMarker(marker, marker)).toBe(true);
  });

  it('does not take a marker quoted inside a line of text for ours', () => {
    expect(hasMarker(`text ${marker} text`, marker)).toBe(false);
    expect(hasMarker(`> ${marker}`, marker)).toBe(false);
    expect(hasMarker(`\`${marker}\``, marker)).toBe(false);
  });

  it('matches this id only: the dot is no wildcard and a prefix is not enough', () => {
    const body = `${marker}\n`;
    expect(hasMarker(body, commentMarker('axb'))).toBe(false);
    expect(hasMarker(body, commentMarker('a'))).toBe(false);
    expect(hasMarker(`${commentMarker('axb')}\n`, marker)).toBe(false);
  });

  it('never matches an empty marker, which would match every blank line', () => {
    expect(hasMarker('text\n\nmore', '')).toBe(false);
    expect(hasMarker('text\n\nmore', '  ')).toBe(false);
  });
});
