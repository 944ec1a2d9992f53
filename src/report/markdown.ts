// Escaping of user-provided text for markdown (table cells, headings, lists). Pure.

/** Invisible, so the text reads the same, but it breaks GitHub's mention, reference and autolink patterns. */
const ZERO_WIDTH_JOINER = '\u200d';

/**
 * Escapes text for a markdown table cell: no markup, no HTML, no line breaks. GitHub also acts on
 * plain text (it notifies @someone, cross-links #123, turns https://… into links), so those
 * patterns get a zero-width joiner. Never put the result at the start of a line: `#`, `-`, `+`
 * and `1.` are left alone and would start a block there.
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      // Line and other control characters (C1 too: U+0085 is a line break to some readers), and bidi
      // overrides that make text read differently than it is.
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
      .replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/([\\`*_[\]|~])/g, '\\$1')
      .replace(/@(?=[A-Za-z0-9])/g, `@${ZERO_WIDTH_JOINER}`)
      .replace(/#(?=\d)/g, `#${ZERO_WIDTH_JOINER}`)
      .replace(/\b(GH)-(?=\d)/gi, `$1${ZERO_WIDTH_JOINER}-`)
      .replace(/:\/\//g, `:${ZERO_WIDTH_JOINER}//`)
      .replace(/\b(www)\./gi, `$1${ZERO_WIDTH_JOINER}.`)
  );
}
