// The report's main table: one row per verdict (or per scenario when nothing was compared), in the
// order given. Rows are kept apart from the header so the fitting can drop them one by one.
import type { ScenarioResult } from '../../model/results.js';
import type { Verdict, VerdictBasis } from '../../model/verdicts.js';
import { formatBitrate } from '../../common/format.js';
import { bitrateCell, changeCell, changeHeader, MARKDOWN_CELLS, mediansOf } from '../cells.js';
import { escapeMarkdown } from '../markdown.js';
import { verdictNote } from '../method.js';
import { summaryOf } from '../scenario-summary.js';
import { VERDICT_ICONS } from '../verdict-labels.js';
import { tcpStatsText } from '../tcp-stats-text.js';

export interface Table {
  /** Column names and the alignment row. */
  header: string[];
  rows: string[];
}

const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;

/**
 * `method` is the file's (method.ts): a verdict's cell names its basis only where it differs. A
 * paired file measured both sides in this job, so its columns are base and head.
 */
export function verdictTable(verdicts: readonly Verdict[], method: VerdictBasis): Table {
  const [before, after] = method === 'paired' ? ['base', 'head'] : ['baseline', "this run's"];
  return {
    header: [
      `| scenario | ${before} median | ${after} median | ${changeHeader(verdicts, MARKDOWN_CELLS)} | verdict |`,
      '| --- | ---: | ---: | ---: | --- |',
    ],
    rows: verdicts.map((v) => verdictRow(v, method)),
  };
}

function verdictRow(v: Verdict, method: VerdictBasis): string {
  const { baseline, current } = mediansOf(v);
  const note = verdictNote(v, method);
  return line([
    escapeMarkdown(v.key),
    bitrateCell(baseline, MARKDOWN_CELLS),
    bitrateCell(current, MARKDOWN_CELLS),
    changeCell(v, MARKDOWN_CELLS),
    `${VERDICT_ICONS[v.kind]} ${v.kind}${note === undefined ? '' : ` · ${note}`}`,
  ]);
}

/** With `tcp-stats` measured anywhere, a column of the sender's figures (medians over the repetitions). */
export function resultTable(scenarios: readonly ScenarioResult[]): Table {
  const tcp = scenarios.some((s) => s.tcpStats !== undefined);
  return {
    header: tcp
      ? [
          '| scenario | median | min–max | samples | TCP sender (median) |',
          '| --- | ---: | ---: | ---: | --- |',
        ]
      : ['| scenario | median | min–max | samples |', '| --- | ---: | ---: | ---: |'],
    rows: scenarios.map((s) => resultRow(s, tcp)),
  };
}

function resultRow(s: ScenarioResult, tcp: boolean): string {
  const summary = summaryOf(s);
  const key = escapeMarkdown(s.key);
  const samples = String(s.samples.length);
  const tcpCell = tcp ? [tcpStatsText(s.tcpStats) || MARKDOWN_CELLS.placeholder] : [];
  if (summary === undefined || s.error !== undefined) {
    return line([key, `${VERDICT_ICONS.error} failed`, MARKDOWN_CELLS.placeholder, samples, ...tcpCell]);
  }
  return line([
    key,
    formatBitrate(summary.median),
    `${formatBitrate(summary.min)} – ${formatBitrate(summary.max)}`,
    samples,
    ...tcpCell,
  ]);
}
