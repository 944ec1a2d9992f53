// The markdown report: the sticky pull-request comment, also written as the job summary. Assembles
// the sections and fits them within GitHub's size limit. Pure; every user-provided text is escaped.
import type { ScenarioResult } from '../model/results.js';
import type { VerdictsFile } from '../model/verdicts.js';
import { fitReport, type ReportParts, type SizeUnit } from './fit.js';
import type { ReportInput } from './input.js';
import { fileBasis } from './method.js';
import { failuresFirst } from './scenario-summary.js';
import { renderChart } from './sections/chart.js';
import { renderFailures, renderReasons } from './sections/details.js';
import { renderDroppedBlocks } from './sections/dropped.js';
import { renderEnvironment } from './sections/environment.js';
import { renderHead } from './sections/head.js';
import { renderStops } from './sections/stops.js';
import { renderWhy } from './sections/why.js';
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
    : { ...common, ...verdictParts(input.verdicts) };
}

type Body = Omit<ReportParts, 'title' | 'status' | 'method' | 'environment'>;

function verdictParts(file: VerdictsFile): Body {
  const ordered = inAttentionOrder(file.verdicts);
  const table = verdictTable(ordered, fileBasis(file));
  return {
    tableHeader: table.header,
    rows: table.rows,
    why: renderWhy(ordered),
    chart: renderChart(ordered, file.settings.threshold),
    reasons: renderReasons(ordered),
    reasonsLabel: 'verdict reasons',
    stops: renderStops(ordered),
    dropped: renderDroppedBlocks(ordered),
  };
}

function resultParts(scenarios: readonly ScenarioResult[]): Body {
  const ordered = failuresFirst(scenarios);
  const table = resultTable(ordered);
  return {
    tableHeader: table.header,
    rows: table.rows,
    // Nothing was compared, so there is no change to chart: the table has the medians.
    reasons: renderFailures(ordered),
    reasonsLabel: 'failure details',
  };
}
