// The docs tests' reading of markdown: GitHub's anchors, links outside code, and what breaks them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  brokenLinks,
  githubSlug,
  headingAnchors,
  markdownLinks,
  yamlBlocks,
  yamlBlocksAt,
} from './markdown.js';

describe('githubSlug', () => {
  it.each([
    ['Noise anatomy (`--part noise`)', 'noise-anatomy---part-noise'],
    [
      'Guest start and where the wall time goes (`npm run bench`, its speed part)',
      'guest-start-and-where-the-wall-time-goes-npm-run-bench-its-speed-part',
    ],
    ['Your own image (planning only so far)', 'your-own-image-planning-only-so-far'],
    ['A matrix, one verdict', 'a-matrix-one-verdict'],
    ['[Guests](guests.md) and snake_case', 'guests-and-snake_case'],
    ['Hodges–Lehmann', 'hodgeslehmann'],
  ])('%s -> %s', (heading, slug) => {
    expect(githubSlug(heading)).toBe(slug);
  });
});

describe('headingAnchors', () => {
  it('numbers a repeated heading and skips lines in code fences', () => {
    const text = '# Time\n\n## Time\n\n```yaml\n# not-a-heading\n```\n\n### Time ##\n';
    expect([...headingAnchors(text)]).toEqual(['time', 'time-1', 'time-2']);
  });
});

describe('markdownLinks', () => {
  it('finds inline links, images and definitions, not code, with the line each starts on', () => {
    const text = [
      'See [How verdicts are',
      'reached](verdicts.md) and ![chart](img/chart.png "title").',
      'Not `[a](code.md)`, nor:',
      '```',
      '[b](fenced.md)',
      '```',
      '[c]: https://example.com/c',
    ].join('\n');
    expect(markdownLinks(text)).toEqual([
      { target: 'verdicts.md', line: 1 },
      { target: 'img/chart.png', line: 2 },
      { target: 'https://example.com/c', line: 7 },
    ]);
  });
});

describe('brokenLinks', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'nicgate-links-'));
    mkdirSync(join(root, 'docs'));
    writeFileSync(join(root, 'docs', 'guests.md'), '# Guests\n\n## Your own image (planning only so far)\n');
    writeFileSync(join(root, 'src.ts'), '');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const check = (text: string): string[] => {
    writeFileSync(join(root, 'README.md'), text);
    return brokenLinks(join(root, 'README.md'), root);
  };

  it('passes links to existing files and headings, here and there, and leaves external ones alone', () => {
    expect(
      check(
        '# Top\n[a](docs/guests.md) [b](docs/guests.md#your-own-image-planning-only-so-far) [c](#top) ' +
          '[d](/src.ts) [e](https://example.com/missing.md#x) [f](mailto:x@example.com)\n',
      ),
    ).toEqual([]);
  });

  it('names a missing file, a missing heading and an anchor into a file that is not markdown', () => {
    expect(
      check('# Top\n\n[a](docs/cli.md)\n[b](docs/guests.md#fast-start)\n[c](#bottom)\n[d](src.ts#L1)\n'),
    ).toEqual([
      'README.md:3: docs/cli.md: no such file',
      'README.md:4: docs/guests.md#fast-start: no such heading',
      'README.md:5: #bottom: no such heading',
      'README.md:6: src.ts#L1: an anchor into a file that is not markdown',
    ]);
  });
});

describe('yamlBlocks', () => {
  it('returns the text of each yaml block', () => {
    expect(yamlBlocks('x\n```yaml\na: 1\n```\n```sh\nb\n```\n```yml\nc: 2\n```\n')).toEqual([
      'a: 1\n',
      'c: 2\n',
    ]);
  });

  it('gives the line each block starts on, for messages about it', () => {
    expect(yamlBlocksAt('x\n```yaml\na: 1\n```\n```sh\nb\n```\n```yml\nc: 2\n```\n')).toEqual([
      { text: 'a: 1\n', line: 3 },
      { text: 'c: 2\n', line: 9 },
    ]);
  });
});
