// The README fits on a screen or two; everything else lives in docs/.
import { readRepoFile } from './workflow-shape.js';

const LIMIT = 250;

describe('README.md', () => {
  it(`is at most ${LIMIT} lines`, () => {
    expect(readRepoFile('README.md').split('\n').length - 1).toBeLessThanOrEqual(LIMIT);
  });
});
