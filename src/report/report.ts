// The markdown report: the sticky pull-request comment, also written as the job summary. Assembles
// the sections and fits them within GitHub's size limit. Pure; every user-provided text is escaped.
import type { ScenarioResult } from '../model/results.js';
import type { Verdict } from '../model/verdicts.js';
import { mediansOf } from './cells.js';
import { fitReport, type ReportParts, type SizeUnit } from './fit.js';
import type { ReportInput } from './input.js';
import { failuresFirst, summaryOf } from './scenario-summary.js';
import { renderChart } from './sections/chart.js';
import { renderFailures, renderReasons } from './sections/details.js';
import { renderEnvironment } from './sections/environment.js';
import { renderHead } from './sections/head.js';
import { resultTable, verdictTable } from './sections/table.js';
import { safeUrl } from './url.js';
import { inAttentionOrder } from './verdict-labels.js';

export type { ReportInput } from './input.js';

export interface ReportOptions {
  /** Longest result, in `unit`s. Defaults to GitHub's comment limit. */
  maxLength?: number;
  /** What maxLength counts: UTF-16 code units (the default) or UTF-8 bytes. */
  unit?: SizeUnit;
}

/** The report, at most `maxLength` units (less a small margin). */
export function renderReport(input: ReportInput, options: ReportOptions = {}): string {
  return fitReport(buildParts(input), {
    maxLength: options.maxLength,
    ...(options.unit ? { unit: options.unit } : {}),
    summaryUrl: safeUrl(input.summaryUrl),
  });
}

function buildParts(input: ReportInput): ReportParts {
  const runUrl = safeUrl(input.runUrl);
  const common = { ...renderHead(input, runUrl), environment: renderEnvironment(input, runUrl) };
  return input.verdicts === undefined
    ? { ...common, ...resultParts(input.results.scenarios) }
    : { ...common, ...verdictParts(input.verdicts.verdicts) };
}

type Body = Omit<ReportParts, 'title' | 'status' | 'environment'>;

function verdictParts(verdicts: readonly Verdict[]): Body {
  const ordered = inAttentionOrder(verdicts);
  const table = verdictTable(ordered);
  return {
    tableHeader: table.header,
    rows: table.rows,
    chart: renderChart(ordered.map((v) => ({ key: v.key, ...mediansOf(v) }))),
    reasons: renderReasons(ordered),
    reasonsLabel: 'verdict reasons',
  };
}

function resultParts(scenarios: readonly ScenarioResult[]): Body {
  const ordered = failuresFirst(scenarios);
  const table = resultTable(ordered);
  return {
    tableHeader: table.header,
    rows: table.rows,
    chart: renderChart(ordered.map((s) => ({ key: s.key, current: summaryOf(s)?.median }))),
    reasons: renderFailures(ordered),
    reasonsLabel: 'failure details',
  };
}
