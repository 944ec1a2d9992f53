// The shape of a GitHub workflow as the docs tests read it, and the parts of it nicgate cares about.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export type Step = { uses?: string; with?: Record<string, unknown> };
export type Job = { steps: Step[]; 'timeout-minutes'?: unknown };
export type Workflow = {
  on: Record<string, unknown>;
  concurrency?: unknown;
  jobs: Record<string, Job>;
};

const root = new URL('../../', import.meta.url);

/** A file of the repository, by its path from the root. */
export const readRepoFile = (path: string): string => readFileSync(new URL(path, root), 'utf8');

/** action.yml's input and output names. */
export function actionInterface(): { inputs: Set<string>; outputs: Set<string> } {
  const action = parse(readRepoFile('action.yml')) as {
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
  };
  return { inputs: new Set(Object.keys(action.inputs)), outputs: new Set(Object.keys(action.outputs)) };
}

/** The steps that run nicgate: this repository's own action (`./`) or a published one. */
export const nicgateSteps = (workflow: Workflow): Step[] =>
  Object.values(workflow.jobs)
    .flatMap((job) => job.steps)
    .filter((step) => step.uses === './' || step.uses?.includes('nicgate') === true);

/**
 * The checkout of each job that runs the gate on a pull request (not only measuring), with its
 * fetch-depth: such a job needs the whole history (fetch-depth 0) to find the base commit.
 */
export function gateCheckouts(parsed: readonly Workflow[]): { job: string; fetchDepth: unknown }[] {
  return parsed
    .filter((workflow) => 'pull_request' in workflow.on)
    .flatMap((workflow) => Object.entries(workflow.jobs))
    .flatMap(([job, { steps }]) => {
      const gates = nicgateSteps({ on: {}, jobs: { job: { steps } } }).some(
        (step) => !['measure', 'aggregate', 'comment'].includes(String(step.with?.mode)),
      );
      const checkout = steps.find((step) => step.uses?.startsWith('actions/checkout'));
      return gates && checkout ? [{ job, fetchDepth: checkout.with?.['fetch-depth'] }] : [];
    });
}

/** The `| \`name\` | default | ... |` rows of a markdown table, by name. */
export function tableRows(markdown: string): Map<string, string[]> {
  return new Map(
    [...markdown.matchAll(/^\| `([a-z-]+)` \|(.*)\|$/gm)].map((match) => [
      match[1]!,
      match[2]!.split(' | ').map((cell) => cell.trim()),
    ]),
  );
}
