// Every relative link in the top-level markdown files and docs/ names a file that exists, and every
// #anchor a heading of the file it points into (GitHub's slugs).
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brokenLinks, markdownLinks } from './markdown.js';
import { readRepoFile } from './workflow-shape.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const markdownIn = (dir: string): string[] =>
  readdirSync(new URL(dir, new URL('../../', import.meta.url)))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `${dir}${name}`);
const files = [...markdownIn(''), ...markdownIn('docs/')];

describe('markdown links', () => {
  it('are checked in README.md, SECURITY.md, CHANGELOG.md and every file of docs/', () => {
    expect(files).toEqual(
      expect.arrayContaining(['README.md', 'SECURITY.md', 'CHANGELOG.md', 'docs/README.md']),
    );
    expect(files.filter((file) => file.startsWith('docs/')).length).toBeGreaterThanOrEqual(10);
  });

  it.each(files)('%s: every relative link resolves', (file) => {
    expect(brokenLinks(`${root}${file}`, root)).toEqual([]);
  });

  it('README.md and docs/README.md link to every file of docs/', () => {
    const linked = (path: string, prefix: string): Set<string> =>
      new Set(markdownLinks(readRepoFile(path)).map((link) => `${prefix}${link.target.split('#')[0]!}`));
    const fromReadme = linked('README.md', '');
    const fromIndex = linked('docs/README.md', 'docs/');
    const docs = files.filter((file) => file.startsWith('docs/') && file !== 'docs/README.md');
    expect(docs.filter((file) => !fromReadme.has(file))).toEqual([]);
    expect(docs.filter((file) => !fromIndex.has(file))).toEqual([]);
  });
});
