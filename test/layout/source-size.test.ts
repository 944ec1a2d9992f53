// Small modules with one job: a source file past 300 lines is two jobs waiting to be split.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const SRC = new URL('../../src/', import.meta.url).pathname;
const LIMIT = 300;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('source files', () => {
  it(`are at most ${LIMIT} lines each`, () => {
    const files = sources(SRC);
    expect(files.length).toBeGreaterThan(100);
    const long = files
      .map((file) => ({
        file: relative(SRC, file),
        lines: readFileSync(file, 'utf8').split('\n').length - 1,
      }))
      .filter(({ lines }) => lines > LIMIT);
    expect(long).toEqual([]);
  });
});
