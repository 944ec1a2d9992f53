import { describeBaseline, listBaselineRuns, shortCommit } from '../../../src/report/sections/baseline.js';
import { verdictsFile } from '../fixtures.js';

const runs = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ runId: String(100 + i), timestamp: `t${i}` }));

describe('describeBaseline', () => {
  it('names the source, branch and number of runs, escaped', () => {
    expect(describeBaseline(verdictsFile([]))).toBe('artifact nicgate-results, branch main, 2 runs');
    const one = verdictsFile([], { baseline: { source: 'cache <x>', runs: runs(1) } });
    expect(describeBaseline(one)).toBe('cache &lt;x&gt;, 1 run');
  });

  it('explains an empty baseline', () => {
    const none = verdictsFile([], { baseline: { source: 's', runs: [] } });
    expect(describeBaseline(none)).toBe('none yet, so every scenario is new');
  });
});

describe('shortCommit', () => {
  it('cuts a full SHA-1 to 12 characters and leaves anything else whole', () => {
    expect(shortCommit('a'.repeat(40))).toBe('a'.repeat(12));
    expect(shortCommit('v1.2.3')).toBe('v1.2.3');
  });
});

describe('listBaselineRuns', () => {
  it('lists each run with its short commit and time', () => {
    expect(listBaselineRuns(verdictsFile([]))).toBe(
      `: run 101 (commit ${'a'.repeat(12)}, 2025-01-30T10:00:00.000Z); run 102 (commit ${'c'.repeat(12)}, 2025-01-31T10:00:00.000Z)`,
    );
  });

  it('lists ten runs at most and counts the rest, and nothing for no runs', () => {
    const many = verdictsFile([], { baseline: { source: 's', runs: runs(13) } });
    const listed = listBaselineRuns(many);
    expect(listed.match(/run \d+/g)).toHaveLength(10);
    expect(listed.endsWith('; and 3 more')).toBe(true);
    expect(listBaselineRuns(verdictsFile([], { baseline: { source: 's', runs: [] } }))).toBe('');
  });
});
