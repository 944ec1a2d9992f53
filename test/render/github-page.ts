// The report as a pull-request comment shows it: markdown to HTML by a GFM renderer, in a page that
// sets the comment column the way GitHub's stylesheet does, with a script that measures what a
// reader would see (a code block that scrolls sideways, a line past its block's edge) and writes
// the numbers into the page for `--dump-dom` to carry out.
import { marked } from 'marked';

/** The comment body's content column, in CSS pixels. */
export const COMMENT_WIDTH = 780;

/**
 * GitHub's comment styles, as github-markdown-css (generated from github.com's own stylesheet)
 * has them: a comment body's text at 14px; a code block at 85% of it (11.9px) with 16px padding,
 * `overflow: auto` and `white-space: pre` (it scrolls rather than wraps); GitHub's monospace
 * stack, which falls back to `monospace` (DejaVu Sans Mono on Debian); tables
 * `display: block; width: max-content; max-width: 100%; overflow: auto` (they scroll only when
 * their cells cannot wrap), cells padded 6px 13px.
 */
const GITHUB_CSS = `
  body { margin: 0; background: #fff; }
  .markdown-body {
    box-sizing: border-box; width: ${COMMENT_WIDTH}px; padding: 0; color: #1f2328;
    font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif;
    font-size: 14px; line-height: 1.5; word-wrap: break-word;
  }
  .markdown-body + .markdown-body { margin-top: 48px; border-top: 4px solid #d1d9e0; }
  .markdown-body code, .markdown-body pre {
    font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
  }
  .markdown-body pre {
    padding: 16px; overflow: auto; font-size: 85%; line-height: 1.45; background: #f6f8fa;
    border-radius: 6px; word-wrap: normal; margin: 0 0 16px;
  }
  .markdown-body pre code {
    display: inline; padding: 0; margin: 0; overflow: visible; font-size: 100%;
    white-space: pre; word-break: normal; background: transparent; border: 0;
  }
  .markdown-body table {
    display: block; width: max-content; max-width: 100%; overflow: auto;
    border-spacing: 0; border-collapse: collapse; margin: 0 0 16px;
  }
  .markdown-body td, .markdown-body th { padding: 6px 13px; border: 1px solid #d1d9e0; }
  .markdown-body p, .markdown-body details { margin: 0 0 16px; }
`;

/** What the page script measures; pixel widths are CSS pixels. */
export interface PageMeasurements {
  /** The page's own size: wider than the window means the page scrolls sideways. */
  pageWidth: number;
  pageHeight: number;
  blocks: {
    /** The block's text as the browser holds it, one entry per line. */
    lines: string[];
    lineWidths: number[];
    scrollWidth: number;
    clientWidth: number;
    /** The width inside the padding, where text shows unclipped. */
    contentWidth: number;
    /** The width of one `x`, from a run of 100. */
    charWidth: number;
    fontSize: string;
  }[];
  tables: {
    scrollWidth: number;
    clientWidth: number;
    /** Inside a collapsed section (`<details>`), which a reader opens to see. */
    collapsed: boolean;
    firstCells: string[];
  }[];
}

/**
 * Runs in the page. With `?measure`, opens every collapsed section first (a reader may), so the
 * tables inside are measured too.
 */
const MEASURE = `
  if (location.search === '?measure') document.querySelectorAll('details').forEach((d) => (d.open = true));
  const width = (node, start, end) => {
    const range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, end);
    return range.getBoundingClientRect().width;
  };
  const blocks = [...document.querySelectorAll('.markdown-body pre')].map((pre) => {
    const code = pre.querySelector('code') ?? pre;
    const text = code.textContent;
    const node = code.firstChild;
    const lines = text.replace(/\\n$/, '').split('\\n');
    let start = 0;
    const lineWidths = lines.map((line) => {
      const w = node.nodeType === Node.TEXT_NODE && code.childNodes.length === 1 ? width(node, start, start + line.length) : NaN;
      start += line.length + 1;
      return w;
    });
    const probe = document.createElement('span');
    probe.textContent = 'x'.repeat(100);
    code.append(probe);
    const charWidth = probe.getBoundingClientRect().width / 100;
    probe.remove();
    const style = getComputedStyle(pre);
    const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
    return { lines, lineWidths, scrollWidth: pre.scrollWidth, clientWidth: pre.clientWidth,
      contentWidth: pre.clientWidth - padding, charWidth, fontSize: getComputedStyle(code).fontSize };
  });
  const tables = [...document.querySelectorAll('.markdown-body table')].map((table) => ({
    scrollWidth: table.scrollWidth, clientWidth: table.clientWidth, collapsed: table.closest('details') !== null,
    firstCells: [...table.querySelectorAll('tbody tr td:first-child')].map((td) => td.textContent),
  }));
  document.getElementById('measurements').textContent = JSON.stringify({
    pageWidth: document.documentElement.scrollWidth, pageHeight: document.documentElement.scrollHeight,
    blocks, tables,
  });
`;

/** One page with each markdown body in its own comment column, one under the other. */
export function githubCommentPage(bodies: readonly string[]): string {
  // GitHub renders comments as GFM with hard line breaks.
  const html = bodies.map((body) => marked.parse(body, { gfm: true, breaks: true, async: false }));
  return [
    '<!doctype html><html><head><meta charset="utf-8"><title>nicgate report</title>',
    `<style>${GITHUB_CSS}</style></head><body>`,
    ...html.map((part) => `<article class="markdown-body">${part}</article>`),
    '<div id="measurements" hidden></div>',
    `<script>${MEASURE}</script></body></html>`,
  ].join('\n');
}

/** The measurements `--dump-dom` printed, out of the page's markup. */
export function readMeasurements(dom: string): PageMeasurements {
  const match = /<div id="measurements" hidden="">([^<]*)<\/div>/.exec(dom);
  if (match === null) throw new Error('the page wrote no measurements: its script did not run');
  const text = match[1]!
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, '\u00a0');
  return JSON.parse(text.replace(/&amp;/g, '&')) as PageMeasurements;
}
