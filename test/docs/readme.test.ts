// The README is the front page users paste from: its workflow is one to copy as it stands, its
// short inputs table agrees with the full reference, and it names the command that runs the tests.
import { parse } from 'yaml';
import { yamlBlocks } from './markdown.js';
import { actionInterface, gateCheckouts, readRepoFile, tableRows, type Workflow } from './workflow-shape.js';

const readme = readRepoFile('README.md');
const workflows = yamlBlocks(readme)
  .filter((text) => /^jobs:/m.test(text))
  .map((text) => parse(text) as Workflow);

describe('README', () => {
  it('has one workflow to paste: the gate with history, a concurrency group, a time limit and a paths filter', () => {
    expect(workflows).toHaveLength(1);
    const [workflow] = workflows as [Workflow];
    expect(gateCheckouts(workflows)).toEqual([{ job: expect.any(String), fetchDepth: 0 }]);
    expect(workflow.concurrency).toEqual(expect.objectContaining({ group: expect.any(String) }));
    expect(Object.values(workflow.jobs).map((job) => job['timeout-minutes'])).toEqual([expect.any(Number)]);
    const pullRequest = workflow.on.pull_request as { paths?: unknown } | null;
    expect(pullRequest?.paths).toEqual(expect.arrayContaining([expect.any(String)]));
  });

  it('lists only inputs action.yml has, each with the default docs/inputs.md gives', () => {
    const short = tableRows(readme);
    const full = tableRows(readRepoFile('docs/inputs.md'));
    const { inputs } = actionInterface();
    expect(short.size).toBeGreaterThan(0);
    expect(short.size).toBeLessThanOrEqual(8);
    expect([...short.keys()].filter((name) => !inputs.has(name))).toEqual([]);
    const defaults = [...short].map(([name, cells]) => [name, cells[0]]);
    expect(defaults).toEqual([...short.keys()].map((name) => [name, full.get(name)?.[0]]));
  });

  it('names the test command that .ci/run runs', () => {
    expect(readRepoFile('.ci/run')).toMatch(/^npm test\b/m);
    expect(readme).toMatch(/^npm ci && npm test$/m);
  });
});
