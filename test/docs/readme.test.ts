// The README is what users paste from: every input and output in its tables, and workflows that parse.
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const action = parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
};
const rows = new Set([...readme.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]));
const workflows = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

type Step = { uses?: string; with?: Record<string, unknown> };
type Workflow = { on: Record<string, unknown>; jobs: Record<string, { steps: Step[] }> };

describe('README', () => {
  it('has a row for every input and output of action.yml', () => {
    const missing = [...Object.keys(action.inputs), ...Object.keys(action.outputs)].filter(
      (n) => !rows.has(n),
    );
    expect(missing).toEqual([]);
  });

  it("has workflows that parse, and those on pull_request check out the base commit's history", () => {
    const parsed = workflows.filter((text) => /^jobs:/m.test(text)).map((text) => parse(text) as Workflow);
    expect(parsed.length).toBeGreaterThanOrEqual(3);
    const checkouts = gateCheckouts(parsed);
    expect(checkouts.length).toBeGreaterThan(0);
    expect(checkouts.filter((checkout) => checkout.fetchDepth !== 0)).toEqual([]);
  });

  it("keeps this repository's own workflows the same way", () => {
    const dir = new URL('../../.github/workflows/', import.meta.url);
    const files = readdirSync(dir).filter((name) => name.endsWith('.yml'));
    const checkouts = gateCheckouts(
      files.map((name) => parse(readFileSync(new URL(name, dir), 'utf8')) as Workflow),
    );
    expect(checkouts.length).toBeGreaterThan(0);
    expect(checkouts.filter((checkout) => checkout.fetchDepth !== 0)).toEqual([]);
  });
});

/**
 * The checkout of each job that runs the gate on a pull request (not only measuring), with its
 * fetch-depth: such a job needs the whole history (fetch-depth 0) to find the base commit.
 */
function gateCheckouts(parsed: readonly Workflow[]): { job: string; fetchDepth: unknown }[] {
  return parsed
    .filter((workflow) => 'pull_request' in workflow.on)
    .flatMap((workflow) => Object.entries(workflow.jobs))
    .flatMap(([job, { steps }]) => {
      const gates = steps.some(
        (step) =>
          (step.uses === './' || step.uses?.includes('nicgate')) &&
          !['measure', 'aggregate', 'comment'].includes(String(step.with?.mode)),
      );
      const checkout = steps.find((step) => step.uses?.startsWith('actions/checkout'));
      return gates && checkout ? [{ job, fetchDepth: checkout.with?.['fetch-depth'] }] : [];
    });
}
