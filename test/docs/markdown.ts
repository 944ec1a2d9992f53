// Markdown as GitHub renders it, as far as the docs tests need: headings' anchors, relative links
// (checked against the files they name), and the YAML blocks users paste.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';

/** The text with every fenced code block blanked (its newlines kept, so offsets keep their lines). */
function outsideCodeFences(text: string): string {
  let fenced = false;
  return text
    .split('\n')
    .map((line) => {
      const fence = /^\s*(```|~~~)/.test(line);
      if (fence) fenced = !fenced;
      return fence || fenced ? '' : line;
    })
    .join('\n');
}

/** Inline code blanked to spaces of the same length: `[x](y)` inside backticks is not a link. */
const withoutCodeSpans = (text: string): string =>
  text.replace(/`[^`\n]*`/g, (span) => ' '.repeat(span.length));

/**
 * GitHub's anchor for a heading (github-slugger): its rendered text lowercased, everything but
 * letters, digits, spaces, `-` and `_` dropped, then each space a `-`.
 */
export function githubSlug(heading: string): string {
  const rendered = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .trim();
  return rendered
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor the file's headings give, a repeated one suffixed `-1`, `-2`, ... as GitHub does. */
export function headingAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  for (const match of outsideCodeFences(text).matchAll(/^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const slug = githubSlug(match[1]!);
    let anchor = slug;
    for (let n = 1; anchors.has(anchor); n++) anchor = `${slug}-${n}`;
    anchors.add(anchor);
  }
  return anchors;
}

export interface MarkdownLink {
  readonly target: string;
  readonly line: number;
}

/** Links and images (inline, and reference definitions) outside code, with the line each starts on. */
export function markdownLinks(text: string): MarkdownLink[] {
  const prose = withoutCodeSpans(outsideCodeFences(text));
  const lineAt = (offset: number): number => prose.slice(0, offset).split('\n').length;
  const inline = [...prose.matchAll(/!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)];
  const definitions = [...prose.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/gm)];
  return [...inline, ...definitions]
    .map((match) => ({ target: match[1]!, line: lineAt(match.index) }))
    .sort((a, b) => a.line - b.line);
}

const isExternal = (target: string): boolean => /^[a-z][a-z\d+.-]*:/i.test(target);

/**
 * What is wrong with the relative links of one markdown file, one line each: a file that does not
 * exist, or an `#anchor` that no heading of the markdown file it points into gives.
 */
export function brokenLinks(file: string, root: string): string[] {
  const text = readFileSync(file, 'utf8');
  const where = (line: number): string => `${relative(root, file)}:${line}`;
  return markdownLinks(text)
    .filter((link) => !isExternal(link.target))
    .flatMap(({ target, line }) => {
      const [path = '', anchor] = target.split('#', 2) as [string, string | undefined];
      const decoded = decodeURIComponent(path);
      const resolved = decoded === '' ? file : join(decoded.startsWith('/') ? root : dirname(file), decoded);
      if (!existsSync(resolved)) return [`${where(line)}: ${target}: no such file`];
      if (anchor === undefined) return [];
      if (extname(resolved) !== '.md')
        return [`${where(line)}: ${target}: an anchor into a file that is not markdown`];
      const anchors =
        resolved === file ? headingAnchors(text) : headingAnchors(readFileSync(resolved, 'utf8'));
      return anchors.has(decodeURIComponent(anchor)) ? [] : [`${where(line)}: ${target}: no such heading`];
    });
}

/** The YAML code blocks of a markdown text, each with the line its first line of YAML is on. */
export const yamlBlocksAt = (text: string): { text: string; line: number }[] =>
  [...text.matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)].map((match) => ({
    text: match[1]!,
    line: text.slice(0, match.index).split('\n').length + 1,
  }));

/** The YAML code blocks of a markdown text. */
export const yamlBlocks = (text: string): string[] => yamlBlocksAt(text).map((block) => block.text);
