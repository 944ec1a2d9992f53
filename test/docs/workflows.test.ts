// The workflows users paste (README.md, docs/) and this repository's own: they parse, name only
// inputs nicgate has, a job that gates a pull request checks out the base commit's history, and
// actionlint finds nothing in them.
import { readdirSync } from 'node:fs';
import { parse } from 'yaml';
import { actionlint, type LintOutcome, type WorkflowText } from './actionlint.js';
import { yamlBlocksAt } from './markdown.js';
import {
  actionInterface,
  gateCheckouts,
  nicgateSteps,
  readRepoFile,
  type Workflow,
} from './workflow-shape.js';

const markdownFiles = [
  'README.md',
  ...readdirSync(new URL('../../docs/', import.meta.url))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
/** Each YAML block with jobs, named after its file and the line it starts on. */
const documentedTexts: WorkflowText[] = markdownFiles.flatMap((path) =>
  yamlBlocksAt(readRepoFile(path))
    .filter((block) => /^jobs:/m.test(block.text))
    .map((block) => ({ name: `${path}-line${block.line}.yml`, text: block.text })),
);
const ownTexts: WorkflowText[] = readdirSync(new URL('../../.github/workflows/', import.meta.url))
  .filter((name) => name.endsWith('.yml'))
  .map((name) => ({ name: `.github/workflows/${name}`, text: readRepoFile(`.github/workflows/${name}`) }));
const documented = documentedTexts.map((block) => parse(block.text) as Workflow);
const own = ownTexts.map((file) => parse(file.text) as Workflow);

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

describe('actionlint', () => {
  // A workflow with a problem of each of three kinds, linted with the others: a checker that
  // ran on nothing, or found nothing anywhere, fails here rather than passing the rest.
  const broken: WorkflowText = {
    name: 'known-broken.yml',
    text: [
      'on: push',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    timeout-minutes: soon',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '        with:',
      '          depth: 0',
      '      - run: echo "${{ github.no_such_field }}"',
      '',
    ].join('\n'),
  };
  let outcome: LintOutcome;
  beforeAll(async () => {
    outcome = await actionlint([...ownTexts, ...documentedTexts, broken]);
  }, 120_000);
  const problemsOf = (names: readonly string[]): string[] =>
    outcome.problems.filter((problem) => names.some((name) => problem.startsWith(`${name}:`)));

  it('reads every file and reports what is wrong in a broken workflow', () => {
    expect(outcome.checked).toBe(ownTexts.length + documentedTexts.length + 1);
    expect(problemsOf([broken.name])).toEqual([
      expect.stringMatching(/^known-broken\.yml:5:22 .* \[syntax-check\]$/),
      expect.stringMatching(/^known-broken\.yml:9:11 input "depth" is not defined .* \[action\]$/),
      expect.stringMatching(
        /^known-broken\.yml:10:\d+ property "no_such_field" is not defined .* \[expression\]$/,
      ),
    ]);
  });

  it("finds nothing in this repository's workflows, the release workflow included", () => {
    expect(ownTexts.map((file) => file.name)).toContain('.github/workflows/release.yml');
    expect(problemsOf(ownTexts.map((file) => file.name))).toEqual([]);
  });

  it('finds nothing in the workflows README.md and docs/ show', () => {
    expect(documentedTexts.length).toBeGreaterThanOrEqual(5);
    expect(problemsOf(documentedTexts.map((block) => block.name))).toEqual([]);
  });
});
