// The collapsed block at the end of the report: both runs' environments, the applied sysctls,
// the decision settings and the baseline runs, and the run link.
import { formatPercent } from '../../common/format.js';
import {
  checkEnvironment,
  ENVIRONMENT_FIELDS,
  isCompared,
  type Environment,
  type EnvironmentField,
} from '../../model/environment.js';
import type { VerdictsFile } from '../../model/verdicts.js';
import { MARKDOWN_CELLS } from '../cells.js';
import type { ReportInput } from '../input.js';
import { escapeMarkdown } from '../markdown.js';
import { describeBaseline, listBaselineRuns } from './baseline.js';
import { basisOf } from '../method.js';
import { details } from './details.js';
import { renderSysctls } from './sysctls.js';

/** `runUrl` must already be safe (see url.ts). */
export function renderEnvironment(input: ReportInput, runUrl: string | undefined): string {
  const body = [
    '#### Environment',
    '',
    ...environmentTable(input),
    ...measuredElsewhere(input),
    ...differencesNoted(input.verdicts),
    '',
    '#### Applied sysctls',
    '',
    ...renderSysctls(input.results.scenarios),
  ];
  if (input.verdicts !== undefined) body.push('', '#### Settings', '', ...settings(input.verdicts));
  if (runUrl !== undefined) body.push('', `[Workflow run](<${runUrl}>)`);
  return details('Environment, sysctls and settings', body);
}

/**
 * The rows of model/environment.ts, in its order. A row is flagged ⚠️ where the verdicts judge a
 * difference in that field (blocking or noted) and the two runs differ in it.
 */
function environmentTable(input: ReportInput): string[] {
  const current = input.results.environment;
  const baseline = input.baselineEnvironment;
  const cell = (value: string | undefined): string =>
    value === undefined || value === '' ? MARKDOWN_CELLS.placeholder : escapeMarkdown(value);
  const lines =
    baseline === undefined
      ? ['| | this run |', '| --- | --- |']
      : ['| | baseline | this run |', '| --- | --- | --- |'];
  for (const field of ENVIRONMENT_FIELDS) {
    // The commit measured may come from the caller when the results file lacks it.
    const now =
      field.label === 'commit' ? shortCommit(field.read(current) ?? input.commit) : displayed(field, current);
    if (baseline === undefined) {
      lines.push(`| ${field.label} | ${cell(now)} |`);
      continue;
    }
    const flag = isCompared(field) && field.read(baseline) !== field.read(current) ? ' ⚠️' : '';
    lines.push(`| ${field.label}${flag} | ${cell(displayed(field, baseline))} | ${cell(now)} |`);
  }
  return lines;
}

/**
 * 12 characters, as the status line shows a commit: two whole 40-character commits cannot wrap
 * and made the opened table scroll in GitHub's 780 px comment column. GitHub links either form.
 */
const shortCommit = (commit: string | undefined): string | undefined => commit?.slice(0, 12);

/** The field's value, and beside the accelerator why it was chosen (not compared: it is prose). */
function displayed(field: EnvironmentField, env: Environment): string | undefined {
  const value = field.read(env);
  if (field.label === 'commit') return shortCommit(value);
  if (field.label !== 'accelerator' || !env.acceleratorNote) return value;
  return `${value} (${env.acceleratorNote})`;
}

/** A merged matrix: scenarios whose own environment differs from the one in the table. */
function measuredElsewhere({ results }: ReportInput): string[] {
  const differences = new Set<string>();
  let count = 0;
  for (const scenario of results.scenarios) {
    if (scenario.environment === undefined) continue;
    const check = checkEnvironment(results.environment, scenario.environment);
    const found = [...check.blocking, ...check.notes];
    if (found.length === 0) continue;
    count += 1;
    for (const difference of found) differences.add(difference);
  }
  if (count === 0) return [];
  const list = [...differences].map(escapeMarkdown).join('; ');
  return [
    '',
    `${count} scenario${count === 1 ? ' was' : 's were'} measured in another environment: ${list}.`,
  ];
}

function differencesNoted(file: VerdictsFile | undefined): string[] {
  const notes = file?.environmentNotes ?? [];
  if (notes.length === 0) return [];
  return ['', `Differences noted by the comparison: ${notes.map(escapeMarkdown).join('; ')}.`];
}

function settings(file: VerdictsFile): string[] {
  const { threshold, alpha, allowEnvironmentChange } = file.settings;
  const lines = [
    `Threshold ${formatPercent(threshold)}, alpha ${alpha}, environment changes ${allowEnvironmentChange ? 'allowed' : 'not allowed'}.`,
  ];
  // A paired file names the stored baseline only where some verdict was judged against it (as head.ts).
  if (!file.paired || file.verdicts.some((v) => basisOf(v) === 'stored-baseline'))
    lines.push('', `Baseline: ${describeBaseline(file)}${listBaselineRuns(file)}.`);
  return lines;
}
