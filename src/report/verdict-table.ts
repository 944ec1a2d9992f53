// Verdict tables for the console and the job summary. Pure.
import { formatChange, formatPValue } from '../common/format.js';
import { formatBitrate } from './results-table.js';
import type { Verdict, VerdictKind, VerdictsFile } from '../model/verdicts.js';
import { escapeMarkdown } from './markdown.js';

export const VERDICT_ICONS: Readonly<Record<VerdictKind, string>> = {
  regression: '🔴',
  improvement: '🟢',
  unchanged: '⚪',
  inconclusive: '🟡',
  new: '🆕',
  missing: '❔',
  error: '❌',
};

/** What needs attention first: the order of a headline and of a report's rows. */
export const ATTENTION_ORDER: readonly VerdictKind[] = [
  'regression',
  'error',
  'improvement',
  'inconclusive',
  'missing',
  'new',
  'unchanged',
];

function plural(count: number, kind: VerdictKind): string {
  const word = {
    regression: 'regression',
    improvement: 'improvement',
    unchanged: 'unchanged',
    inconclusive: 'inconclusive',
    new: 'new',
    missing: 'missing',
    error: 'error',
  }[kind];
  return `${count} ${count === 1 || ['unchanged', 'inconclusive', 'new', 'missing'].includes(kind) ? word : `${word}s`}`;
}

/** "2 regressions, 1 improvement, 9 unchanged". */
export function renderHeadline(verdicts: readonly Verdict[]): string {
  const counts = ATTENTION_ORDER.map(
    (kind) => [kind, verdicts.filter((v) => v.kind === kind).length] as const,
  );
  const parts = counts.filter(([, count]) => count > 0).map(([kind, count]) => plural(count, kind));
  return parts.length > 0 ? parts.join(', ') : 'no scenarios';
}

interface Row {
  key: string;
  baseline: string;
  current: string;
  change: string;
  p: string;
  verdict: string;
}

function row(v: Verdict): Row {
  const bitrate = (value: number | undefined): string => (value === undefined ? '-' : formatBitrate(value));
  const base = 'baselineMedian' in v ? v.baselineMedian : undefined;
  const current = 'currentMedian' in v ? v.currentMedian : undefined;
  const change =
    'relativeChange' in v && v.relativeChange !== undefined
      ? `${formatChange(v.relativeChange)}${v.confidenceInterval ? ` [${formatChange(v.confidenceInterval.low)}, ${formatChange(v.confidenceInterval.high)}]` : ''}`
      : '-';
  const p = 'pValue' in v && v.pValue !== undefined ? formatPValue(v.pValue) : '-';
  return { key: v.key, baseline: bitrate(base), current: bitrate(current), change, p, verdict: v.kind };
}

export function renderVerdictTable(file: VerdictsFile): string {
  const rows = file.verdicts.map(row);
  const header: Row = {
    key: 'scenario',
    baseline: 'baseline',
    current: 'current',
    change: 'change [95% CI]',
    p: 'p',
    verdict: 'verdict',
  };
  const columns = Object.keys(header) as (keyof Row)[];
  const widths = columns.map((c) => Math.max(...[header, ...rows].map((r) => r[c].length)));
  const line = (r: Row): string =>
    columns.map((c, i) => (i === 0 ? r[c].padEnd(widths[i]!) : r[c].padStart(widths[i]!))).join('  ');
  const reasons = file.verdicts.filter((v) => v.kind !== 'unchanged').map((v) => `  ${v.key}: ${v.reason}`);
  return [
    `${renderHeadline(file.verdicts)}`,
    '',
    line(header),
    ...rows.map(line),
    ...(reasons.length ? ['', ...reasons] : []),
  ].join('\n');
}

export function renderVerdictMarkdown(file: VerdictsFile): string {
  const lines = [
    `### nicgate verdicts: ${renderHeadline(file.verdicts)}`,
    '',
    `Baseline: ${escapeMarkdown(file.baseline.source)}${file.baseline.branch ? ` (branch ${escapeMarkdown(file.baseline.branch)}, ${file.baseline.runs.length} run(s))` : ''}. Threshold ${(file.settings.threshold * 100).toFixed(1)}%, alpha ${file.settings.alpha}.`,
    '',
    '| scenario | baseline | current | change [95% CI] | p | verdict | why |',
    '| --- | ---: | ---: | ---: | ---: | --- | --- |',
  ];
  for (const v of file.verdicts) {
    const r = row(v);
    lines.push(
      `| ${escapeMarkdown(r.key)} | ${r.baseline} | ${r.current} | ${r.change} | ${r.p} | ${VERDICT_ICONS[v.kind]} ${v.kind} | ${escapeMarkdown(v.reason)} |`,
    );
  }
  if (file.environmentNotes.length > 0) {
    lines.push(
      '',
      `Environment differences from the baseline: ${file.environmentNotes.map(escapeMarkdown).join('; ')}.`,
    );
  }
  return `${lines.join('\n')}\n`;
}
