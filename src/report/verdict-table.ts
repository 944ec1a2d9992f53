// The console table of verdicts: headline, one aligned row per scenario, then the reasons. Pure.
import type { Verdict, VerdictsFile } from '../model/verdicts.js';
import { bitrateCell, changeCell, changeHeader, CONSOLE_CELLS, mediansOf, pValueCell } from './cells.js';
import { consoleText } from './console-text.js';
import { renderHeadline } from './verdict-labels.js';

interface Row {
  key: string;
  baseline: string;
  current: string;
  change: string;
  p: string;
  verdict: string;
}

function row(v: Verdict): Row {
  const { baseline, current } = mediansOf(v);
  return {
    key: consoleText(v.key),
    baseline: bitrateCell(baseline, CONSOLE_CELLS),
    current: bitrateCell(current, CONSOLE_CELLS),
    change: changeCell(v, CONSOLE_CELLS),
    p: pValueCell(v, CONSOLE_CELLS),
    verdict: v.kind,
  };
}

/** Keys and reasons may come from a fork's file: no control characters reach the console. */
export function renderVerdictTable(file: VerdictsFile): string {
  const rows = file.verdicts.map(row);
  const header: Row = {
    key: 'scenario',
    baseline: 'baseline',
    current: 'current',
    change: changeHeader(file.verdicts, CONSOLE_CELLS),
    p: 'p',
    verdict: 'verdict',
  };
  const columns = Object.keys(header) as (keyof Row)[];
  const widths = columns.map((c) => Math.max(...[header, ...rows].map((r) => r[c].length)));
  const line = (r: Row): string =>
    columns.map((c, i) => (i === 0 ? r[c].padEnd(widths[i]!) : r[c].padStart(widths[i]!))).join('  ');
  const reasons = file.verdicts
    .filter((v) => v.kind !== 'unchanged')
    .map((v) => `  ${consoleText(`${v.key}: ${v.reason}`)}`);
  return [
    renderHeadline(file.verdicts),
    '',
    line(header),
    ...rows.map(line),
    ...(reasons.length ? ['', ...reasons] : []),
  ].join('\n');
}
