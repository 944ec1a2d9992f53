// docs/architecture.md's table of folders is the map of src/: every folder has its row.
import { readdirSync } from 'node:fs';
import { readRepoFile } from './workflow-shape.js';

describe('docs/architecture.md', () => {
  it('names every folder of src/ in its table', () => {
    const folders = readdirSync(new URL('../../src/', import.meta.url), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(folders.length).toBeGreaterThan(10);
    const text = readRepoFile('docs/architecture.md');
    const rows = text.split('\n').filter((line) => line.startsWith('| `'));
    expect(folders.filter((folder) => !rows.some((row) => row.includes(`\`${folder}/\``)))).toEqual([]);
  });
});
