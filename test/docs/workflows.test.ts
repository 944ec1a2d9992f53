// The workflows users paste (README.md, docs/) and this repository's own: they parse, name only
// inputs nicgate has, and a job that gates a pull request checks out the base commit's history.
import { readdirSync } from 'node:fs';
import { parse } from 'yaml';
import { yamlBlocks } from './markdown.js';
import {
  actionInterface,
  gateCheckouts,
  nicgateSteps,
  readRepoFile,
  type Workflow,
} from './workflow-shape.js';

const documented = ['README.md', 'docs/workflows.md']
  .flatMap((path) => yamlBlocks(readRepoFile(path)))
  .filter((text) => /^jobs:/m.test(text))
  .map((text) => parse(text) as Workflow);
const own = readdirSync(new URL('../../.github/workflows/', import.meta.url))
  .filter((name) => name.endsWith('.yml'))
  .map((name) => parse(readRepoFile(`.github/workflows/${name}`)) as Workflow);

const unknownInputs = (workflows: readonly Workflow[]): string[] => {
  const { inputs } = actionInterface();
  return workflows
    .flatMap(nicgateSteps)
    .flatMap((step) => Object.keys(step.with ?? {}))
    .filter((name) => !inputs.has(name));
};

describe('documented workflows', () => {
  it("parse, and those on pull_request check out the base commit's history", () => {
    expect(documented.length).toBeGreaterThanOrEqual(4);
    const checkouts = gateCheckouts(documented);
    expect(checkouts.length).toBeGreaterThan(0);
    expect(checkouts.filter((checkout) => checkout.fetchDepth !== 0)).toEqual([]);
  });

  it('give nicgate only inputs action.yml has', () => {
    expect(documented.flatMap(nicgateSteps).length).toBeGreaterThanOrEqual(4);
    expect(unknownInputs(documented)).toEqual([]);
  });
});

describe("this repository's own workflows", () => {
  it("check out the base commit's history where they gate a pull request", () => {
    const checkouts = gateCheckouts(own);
    expect(checkouts.length).toBeGreaterThan(0);
    expect(checkouts.filter((checkout) => checkout.fetchDepth !== 0)).toEqual([]);
  });

  it('give nicgate only inputs action.yml has', () => {
    expect(unknownInputs(own)).toEqual([]);
  });
});
