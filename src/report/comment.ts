// The sticky pull-request comment, also written as the job summary: headline, table, chart and
// collapsed details, cut to fit GitHub's size limit. Pure; every user-provided text is escaped.
import type { Environment, ResultsFile, ScenarioResult } from '../model/results.js';
import { formatChange, formatPercent } from '../common/format.js';
import { summarize, type Summary } from '../stats/summary.js';
import { formatBitrate } from './results-table.js';
import type { Verdict, VerdictsFile } from '../model/verdicts.js';
import { escapeMarkdown } from './markdown.js';
import { renderThroughputChart, type ChartRow } from './mermaid.js';
import { ATTENTION_ORDER, renderHeadline, VERDICT_ICONS } from './verdict-table.js';

export interface ReportInput {
  /** Hidden HTML comment identifying the sticky comment (see commentMarker); put first, verbatim. */
  marker: string;
  /** Absent when nothing was compared. */
  verdicts?: VerdictsFile;
  /** This run. */
  results: ResultsFile;
  /** The newest baseline run's environment, when known. */
  baselineEnvironment?: Environment;
  /** The workflow run, e.g. https://github.com/o/r/actions/runs/1. */
  runUrl?: string;
  /** Where the full report lives when the comment is cut (the run's job summary). */
  summaryUrl?: string;
  /** The commit measured; defaults to the results' git commit. */
  commit?: string;
}

export interface ReportOptions {
  /** Longest result, in UTF-16 code units. Defaults to GitHub's comment limit. */
  maxLength?: number;
}

/** GitHub rejects comment bodies longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65536;

const MARKER_PREFIX = 'nicgate-comment:';
const MAX_COMMENT_ID_LENGTH = 100;
const MAX_BASELINE_RUNS_LISTED = 10;
const NONE = '—';

/** The id as it appears in the marker: only [A-Za-z0-9._/-], no `--` (it could end the comment). */
export function sanitizeCommentId(commentId: string): string {
  const clean = commentId
    .replace(/[^A-Za-z0-9._/-]/g, '_')
    .replace(/-{2,}/g, '-')
    .slice(0, MAX_COMMENT_ID_LENGTH);
  return clean === '' ? 'default' : clean;
}

/** `<!-- nicgate-comment:<id> -->`: finds this job's comment again on the next push. */
export function commentMarker(commentId: string): string {
  return `<!-- ${MARKER_PREFIX}${sanitizeCommentId(commentId)} -->`;
}

/** Matches the marker on a line of its own; GitHub may hand bodies back with CRLF line ends. */
export function markerPattern(commentId: string): RegExp {
  const escaped = commentMarker(commentId).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return new RegExp(`^[ \\t]*${escaped}[ \\t]*\\r?$`, 'm');
}

export function hasMarker(body: string, commentId: string): boolean {
  return markerPattern(commentId).test(body);
}

/** The report, at most `maxLength` characters (less a small margin). */
export function renderReport(input: ReportInput, options: ReportOptions = {}): string {
  const requested = options.maxLength ?? GITHUB_COMMENT_LIMIT;
  const maxLength = Number.isFinite(requested) ? Math.max(0, Math.floor(requested)) : GITHUB_COMMENT_LIMIT;
  // GitHub counts code points, we count UTF-16 units (never fewer); the margin covers line-end
  // normalisation and other counting we cannot see.
  const budget = maxLength - Math.min(512, Math.floor(maxLength / 100));
  return fit(buildParts(input), budget, safeUrl(input.summaryUrl));
}

interface Parts {
  /** The marker and the headline: they always stay. */
  title: string;
  /** The status line under the headline. */
  status: string;
  tableHeader: string[];
  rows: string[];
  chart?: string;
  /** Collapsed list of why (verdict reasons, or failures when nothing was compared). */
  reasons?: string;
  reasonsLabel: string;
  environment?: string;
}

function buildParts(input: ReportInput): Parts {
  const runUrl = safeUrl(input.runUrl);
  const file = input.verdicts;
  if (file !== undefined) {
    const ordered = orderVerdicts(file.verdicts);
    return {
      ...renderHead(input, runUrl),
      tableHeader: [
        `| scenario | baseline median | this run's median | ${changeHeader(ordered)} | verdict |`,
        '| --- | ---: | ---: | ---: | --- |',
      ],
      rows: ordered.map(verdictRow),
      chart: renderChart(
        ordered.map((v) => ({
          key: v.key,
          baseline: 'baselineMedian' in v ? v.baselineMedian : undefined,
          current: 'currentMedian' in v ? v.currentMedian : undefined,
        })),
      ),
      reasons: renderReasons(ordered),
      reasonsLabel: 'verdict reasons',
      environment: renderEnvironment(input, runUrl),
    };
  }
  const ordered = orderScenarios(input.results.scenarios);
  return {
    ...renderHead(input, runUrl),
    tableHeader: ['| scenario | median | min–max | samples |', '| --- | ---: | ---: | ---: |'],
    rows: ordered.map(resultRow),
    chart: renderChart(ordered.map((s) => ({ key: s.key, current: summaryOf(s)?.median }))),
    reasons: renderFailures(ordered),
    reasonsLabel: 'failure details',
    environment: renderEnvironment(input, runUrl),
  };
}

// ---- Fitting ----------------------------------------------------------------------------------

function compose(sections: readonly (string | undefined)[]): string {
  return `${sections.filter((s): s is string => s !== undefined && s !== '').join('\n\n')}\n`;
}

function summaryLink(summaryUrl: string | undefined): string {
  return summaryUrl === undefined ? '' : ` (<${summaryUrl}>)`;
}

/**
 * Drops, until it fits: the environment details, the verdict reasons, the chart, then table rows
 * from the end (least urgent, given the order). The marker and headline always stay.
 */
function fit(parts: Parts, budget: number, summaryUrl: string | undefined): string {
  const head = `${parts.title}\n\n${parts.status}`;
  const table = parts.rows.length > 0 ? [...parts.tableHeader, ...parts.rows].join('\n') : undefined;
  const full = compose([head, table, parts.chart, parts.reasons, parts.environment]);
  if (full.length <= budget) return full;

  const where = `see the full report in the job summary${summaryLink(summaryUrl)}`;
  const leftOut = (names: string[]): string =>
    `${capitalise(listOf(names))} left out to stay within GitHub's comment size limit: ${where}.`;
  let kept: Pick<Parts, 'chart' | 'reasons' | 'environment'> = parts;
  const drops = [
    ['environment', 'environment details'],
    ['reasons', parts.reasonsLabel],
    ['chart', 'chart'],
  ] as const;
  const dropped: string[] = [];
  for (const [field, name] of drops) {
    if (kept[field] === undefined) continue;
    kept = { ...kept, [field]: undefined };
    dropped.push(name);
    const body = compose([head, table, leftOut(dropped), kept.chart, kept.reasons, kept.environment]);
    if (body.length <= budget) return body;
  }

  // Only the head and rows remain: keep as many rows as fit beside the note.
  const note = (more: number): string =>
    more > 0 ? `… ${more} more scenario${more === 1 ? '' : 's'}: ${where}` : `Details left out: ${where}`;
  const header = parts.tableHeader.join('\n');
  // Both kinds of note, and the longest count, bound every note the loop can end with.
  const longestNote = Math.max(note(parts.rows.length).length, note(0).length);
  // head, blank line, header, blank line, note, final line end; each row adds a line.
  let used = head.length + 2 + header.length + 2 + longestNote + 1;
  let count = 0;
  for (const row of parts.rows) {
    if (used + row.length + 1 > budget) break;
    used += row.length + 1;
    count += 1;
  }
  const rest = parts.rows.length - count;
  const body =
    count > 0
      ? compose([head, [header, ...parts.rows.slice(0, count)].join('\n'), note(rest)])
      : compose([head, note(rest)]);
  if (body.length <= budget) return body;
  // So small a limit: the note still says where to look, before the status line does.
  const fallbacks = [compose([parts.title, note(parts.rows.length)]), compose([parts.title])];
  for (const last of fallbacks) if (last.length <= budget) return last;
  return cutAt(compose([parts.title]), Math.max(0, budget));
}

function listOf(names: readonly string[]): string {
  return names.length <= 1
    ? names.join('')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function cutAt(text: string, length: number): string {
  if (text.length <= length) return text;
  const end = /[\ud800-\udbff]/.test(text.charAt(length - 1)) ? length - 1 : length;
  return text.slice(0, Math.max(0, end));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---- Head -------------------------------------------------------------------------------------

function renderHead(input: ReportInput, runUrl: string | undefined): Pick<Parts, 'title' | 'status'> {
  const file = input.verdicts;
  let headline: string;
  let status: string;
  if (file !== undefined) {
    headline = renderHeadline(file.verdicts);
    const regressions = file.verdicts.filter((v) => v.kind === 'regression').length;
    status =
      regressions > 0
        ? `🔴 Throughput regressed in ${regressions} of ${file.verdicts.length} scenarios`
        : '✅ No throughput regressions';
  } else {
    const total = input.results.scenarios.length;
    const failed = input.results.scenarios.filter((s) => isFailed(s)).length;
    headline = `${total} scenario${total === 1 ? '' : 's'} measured${failed > 0 ? `, ${failed} failed` : ''}`;
    status = '✅ Measured; nothing compared with a baseline';
  }
  const context: string[] = [];
  const commit = input.commit ?? input.results.environment.git?.commit;
  if (commit !== undefined && commit !== '') context.push(`commit ${escapeMarkdown(shortCommit(commit))}`);
  if (file !== undefined) context.push(`baseline: ${describeBaseline(file)}`);
  if (runUrl !== undefined) context.push(`[workflow run](<${runUrl}>)`);
  return { title: `${input.marker}\n## nicgate: ${headline}`, status: [status, ...context].join(' · ') };
}

function describeBaseline(file: VerdictsFile): string {
  const runs = file.baseline.runs.length;
  if (runs === 0) return 'none yet, so every scenario is new';
  const branch = file.baseline.branch ? `, branch ${escapeMarkdown(file.baseline.branch)}` : '';
  return `${escapeMarkdown(file.baseline.source)}${branch}, ${runs} run${runs === 1 ? '' : 's'}`;
}

function shortCommit(commit: string): string {
  return /^[0-9a-f]{40}$/i.test(commit) ? commit.slice(0, 12) : commit;
}

// ---- Table ------------------------------------------------------------------------------------

function orderVerdicts(verdicts: readonly Verdict[]): Verdict[] {
  // Array.prototype.sort is stable: scenarios keep their order within a kind.
  return [...verdicts].sort((a, b) => ATTENTION_ORDER.indexOf(a.kind) - ATTENTION_ORDER.indexOf(b.kind));
}

function changeHeader(verdicts: readonly Verdict[]): string {
  const levels = new Set(
    verdicts.flatMap((v) =>
      'confidenceInterval' in v && v.confidenceInterval ? [v.confidenceInterval.level] : [],
    ),
  );
  if (levels.size !== 1) return levels.size === 0 ? 'change' : 'change (CI)';
  const [level] = [...levels];
  return `change (${Number((level! * 100).toFixed(1))}% CI)`;
}

const bitrate = (value: number | undefined): string =>
  value === undefined || !Number.isFinite(value) ? NONE : formatBitrate(value);

function verdictRow(v: Verdict): string {
  const baseline = 'baselineMedian' in v ? v.baselineMedian : undefined;
  const current = 'currentMedian' in v ? v.currentMedian : undefined;
  let change = NONE;
  if ('relativeChange' in v && v.relativeChange !== undefined && Number.isFinite(v.relativeChange)) {
    const ci = 'confidenceInterval' in v ? v.confidenceInterval : undefined;
    change = `${formatChange(v.relativeChange)}${ci ? ` (${formatChange(ci.low)} … ${formatChange(ci.high)})` : ''}`;
  }
  const cells = [
    escapeMarkdown(v.key),
    bitrate(baseline),
    bitrate(current),
    change,
    `${VERDICT_ICONS[v.kind]} ${v.kind}`,
  ];
  return `| ${cells.join(' | ')} |`;
}

function summaryOf(s: ScenarioResult): Summary | undefined {
  if (s.summary !== undefined) return s.summary;
  const finite = s.samples.filter((x) => Number.isFinite(x));
  return finite.length > 0 ? summarize(finite) : undefined;
}

function isFailed(s: ScenarioResult): boolean {
  return s.error !== undefined || summaryOf(s) === undefined;
}

function orderScenarios(scenarios: readonly ScenarioResult[]): ScenarioResult[] {
  return [...scenarios.filter(isFailed), ...scenarios.filter((s) => !isFailed(s))];
}

function resultRow(s: ScenarioResult): string {
  const summary = summaryOf(s);
  const cells =
    summary === undefined || s.error !== undefined
      ? [escapeMarkdown(s.key), `${VERDICT_ICONS.error} failed`, NONE, String(s.samples.length)]
      : [
          escapeMarkdown(s.key),
          formatBitrate(summary.median),
          `${formatBitrate(summary.min)} – ${formatBitrate(summary.max)}`,
          String(s.samples.length),
        ];
  return `| ${cells.join(' | ')} |`;
}

// ---- Chart ------------------------------------------------------------------------------------

function renderChart(rows: readonly ChartRow[]): string | undefined {
  const chart = renderThroughputChart(rows);
  if (chart === undefined) return undefined;
  const notes = [
    chart.withBaseline
      ? 'Bars overlap: grey is the baseline median, blue this run’s drawn over it, so grey showing past blue is a drop.'
      : 'Bars: this run’s median.',
  ];
  if (chart.shown < chart.total)
    notes.push(`Showing the first ${chart.shown} of ${chart.total}, in table order.`);
  const undrawn = rows.length - chart.total;
  if (undrawn > 0) {
    notes.push(
      `${undrawn} scenario${undrawn === 1 ? '' : 's'} without ${chart.withBaseline ? 'both medians' : 'a median'} not drawn.`,
    );
  }
  if (chart.droppedPrefix !== '') notes.push(`Labels leave out ${escapeMarkdown(chart.droppedPrefix)}.`);
  return `${chart.markdown}\n\n${notes.join(' ')}`;
}

// ---- Details ----------------------------------------------------------------------------------

function details(summary: string, body: string[]): string {
  // Blank lines around the body let GitHub render markdown inside the HTML block.
  return ['<details>', `<summary>${summary}</summary>`, '', ...body, '', '</details>'].join('\n');
}

function renderReasons(ordered: readonly Verdict[]): string | undefined {
  const notable = ordered.filter((v) => v.kind !== 'unchanged');
  if (notable.length === 0) return undefined;
  const items = notable.map((v) => {
    const error = v.kind === 'error' && !v.reason.includes(v.error) ? ` (${escapeMarkdown(v.error)})` : '';
    return `- ${VERDICT_ICONS[v.kind]} ${escapeMarkdown(v.key)}: ${escapeMarkdown(v.reason)}${error}`;
  });
  return details(
    `Why: ${notable.length} verdict${notable.length === 1 ? '' : 's'} other than unchanged`,
    items,
  );
}

function renderFailures(ordered: readonly ScenarioResult[]): string | undefined {
  const failed = ordered.filter(isFailed);
  if (failed.length === 0) return undefined;
  const items = failed.map(
    (s) => `- ${VERDICT_ICONS.error} ${escapeMarkdown(s.key)}: ${escapeMarkdown(s.error ?? 'no samples')}`,
  );
  return details(`Failed scenarios: ${failed.length}`, items);
}

interface EnvironmentRow {
  label: string;
  read: (env: Environment) => string | undefined;
  /** Whether a difference from the baseline is worth a warning. */
  compare: boolean;
}

const ENVIRONMENT_ROWS: readonly EnvironmentRow[] = [
  {
    label: 'accelerator',
    read: (env) => `${env.accelerator}${env.acceleratorNote ? ` (${env.acceleratorNote})` : ''}`,
    compare: true,
  },
  { label: 'QEMU', read: (env) => env.qemuVersion, compare: true },
  { label: 'guest kernel', read: (env) => env.guestKernel, compare: true },
  { label: 'guest kernel source', read: (env) => env.guestKernelSource, compare: true },
  { label: 'host CPU', read: (env) => env.hostCpuModel, compare: true },
  { label: 'host kernel', read: (env) => env.hostKernel, compare: true },
  { label: 'iperf3', read: (env) => env.iperf3Version, compare: true },
  { label: 'nicgate', read: (env) => env.nicgateVersion, compare: true },
  // These differ between any two runs.
  { label: 'commit', read: (env) => env.git?.commit, compare: false },
  { label: 'branch', read: (env) => env.git?.branch, compare: false },
  { label: 'measured at', read: (env) => env.timestamp, compare: false },
];

function renderEnvironment(input: ReportInput, runUrl: string | undefined): string {
  const current = input.results.environment;
  const baseline = input.baselineEnvironment;
  const cell = (value: string | undefined): string =>
    value === undefined || value === '' ? NONE : escapeMarkdown(value);
  const body: string[] = ['#### Environment', ''];
  if (baseline !== undefined) {
    body.push('| | baseline | this run |', '| --- | --- | --- |');
  } else {
    body.push('| | this run |', '| --- | --- |');
  }
  for (const { label, read, compare } of ENVIRONMENT_ROWS) {
    const now = label === 'commit' ? (read(current) ?? input.commit) : read(current);
    if (baseline === undefined) {
      body.push(`| ${label} | ${cell(now)} |`);
      continue;
    }
    const before = read(baseline);
    const differs = compare && before !== now ? ' ⚠️' : '';
    body.push(`| ${label}${differs} | ${cell(before)} | ${cell(now)} |`);
  }
  const notes = input.verdicts?.environmentNotes ?? [];
  if (notes.length > 0) {
    body.push('', `Differences noted by the comparison: ${notes.map(escapeMarkdown).join('; ')}.`);
  }

  body.push('', '#### Applied sysctls', '', ...renderSysctls(input.results.scenarios));

  const file = input.verdicts;
  if (file !== undefined) {
    const settings = file.settings;
    body.push(
      '',
      '#### Settings',
      '',
      `Threshold ${formatPercent(settings.threshold)}, alpha ${settings.alpha}, environment changes ${settings.allowEnvironmentChange ? 'allowed' : 'not allowed'}.`,
      '',
      `Baseline: ${describeBaseline(file)}${renderBaselineRuns(file)}.`,
    );
  }
  if (runUrl !== undefined) body.push('', `[Workflow run](<${runUrl}>)`);
  return details('Environment, sysctls and settings', body);
}

function renderBaselineRuns(file: VerdictsFile): string {
  const runs = file.baseline.runs;
  if (runs.length === 0) return '';
  const listed = runs.slice(0, MAX_BASELINE_RUNS_LISTED).map((run) => {
    const extra = [run.commit ? `commit ${shortCommit(run.commit)}` : undefined, run.timestamp]
      .filter((x): x is string => x !== undefined && x !== '')
      .map(escapeMarkdown)
      .join(', ');
    return `run ${escapeMarkdown(run.runId)}${extra ? ` (${extra})` : ''}`;
  });
  const rest = runs.length - listed.length;
  return `: ${listed.join('; ')}${rest > 0 ? `; and ${rest} more` : ''}`;
}

/** One table, grouped by profile name in order of first appearance; each name=value pair once. */
function renderSysctls(scenarios: readonly ScenarioResult[]): string[] {
  const profiles = new Map<
    string,
    { sources: Set<string>; sysctls: Map<string, { name: string; value: string }> }
  >();
  for (const s of scenarios) {
    let profile = profiles.get(s.profile.name);
    if (profile === undefined) {
      profile = { sources: new Set(), sysctls: new Map() };
      profiles.set(s.profile.name, profile);
    }
    profile.sources.add(s.profile.source);
    for (const sysctl of s.appliedSysctls) {
      profile.sysctls.set(JSON.stringify([sysctl.name, sysctl.value]), sysctl);
    }
  }
  if (profiles.size === 0) return ['No scenarios.'];
  const lines = ['| profile | sysctl | value |', '| --- | --- | --- |'];
  for (const [name, profile] of profiles) {
    const label = `${escapeMarkdown(name)} (${[...profile.sources].map(escapeMarkdown).join(', ')})`;
    const sysctls = [...profile.sysctls.values()];
    if (sysctls.length === 0) {
      lines.push(`| ${label} | ${NONE} | ${NONE} |`);
      continue;
    }
    sysctls.forEach((sysctl, i) => {
      lines.push(
        `| ${i === 0 ? label : ''} | ${escapeMarkdown(sysctl.name)} | ${escapeMarkdown(sysctl.value)} |`,
      );
    });
  }
  return lines;
}

// ---- Links ------------------------------------------------------------------------------------

/** An http(s) URL safe inside `<…>` in markdown, or undefined: no credentials, quotes or spaces. */
export function safeUrl(url: string | undefined): string | undefined {
  if (url === undefined || url === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  if (parsed.username !== '' || parsed.password !== '') return undefined;
  const href = parsed.href;
  return /^[\x21-\x7e]+$/.test(href) && !/[<>"`\\]/.test(href) ? href : undefined;
}
