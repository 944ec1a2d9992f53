// How an input difference reads, base → head (`net.ipv4.tcp_wmem max 16777216 → 65536`), and the
// "why it changed" lines of the console: shared by the comment, the CLI and the annotations.
import type { InputDifference, InputDifferences } from '../model/input-change.js';
import type { Verdict } from '../model/verdicts.js';
import { tcpStatsChangeText } from './tcp-stats-text.js';
import { consoleText } from './console-text.js';

/** How a line dresses a difference's name and its other text (markdown escapes, the console not). */
export interface DifferenceStyle {
  name: (input: string) => string;
  text: (text: string) => string;
}

const PLAIN: DifferenceStyle = { name: (input) => input, text: (text) => text };

/** `profiles/tuned.conf:4`, or the file alone where the head does not set it (a removed sysctl). */
function differenceLocation(d: InputDifference): string | undefined {
  if (d.file === undefined) return undefined;
  return d.line === undefined ? d.file : `${d.file}:${d.line}`;
}

/** `max 16777216 → 65536`, `= bbr`, or empty where only a note says what changed. */
function valueChange(d: InputDifference): string {
  const field = d.field === undefined ? '' : `${d.field} `;
  const shown = (value: string): string => (value === '' ? '(empty)' : value);
  if (d.base !== undefined && d.head !== undefined) return `${field}${shown(d.base)} → ${shown(d.head)}`;
  const only = d.head ?? d.base;
  return only === undefined ? '' : `${field}= ${shown(only)}`;
}

/**
 * One line: `net.ipv4.tcp_wmem max 16777216 → 65536 (profiles/tuned.conf:4)`; `added` and
 * `removed`, a note and the location in parentheses.
 */
export function differenceText(
  d: InputDifference,
  style: DifferenceStyle = PLAIN,
  withLocation = true,
): string {
  const change = valueChange(d);
  const location = withLocation ? differenceLocation(d) : undefined;
  const extra = [
    ...(d.change === 'changed' ? [] : [d.change]),
    ...(d.note === undefined ? [] : [d.note]),
    ...(location === undefined ? [] : [location]),
  ].map(style.text);
  if (change === '') return `${style.name(d.input)}: ${extra.join('; ')}`;
  const text = `${style.name(d.input)} ${style.text(change)}`;
  return extra.length === 0 ? text : `${text} (${extra.join('; ')})`;
}

/** Every difference of one scenario as a line each, and `… N more` where some were left out. */
export function differenceLines(inputs: InputDifferences, withLocation = true): string[] {
  const lines = inputs.differences.map((d) => differenceText(d, PLAIN, withLocation));
  return inputs.more === undefined ? lines : [...lines, `… ${inputs.more} more`];
}

/**
 * The console's "why it changed": each changed scenario, its differences indented under it; empty
 * when no verdict carries any. Safe for a console line: a verdicts file may be a fork's.
 */
export function renderWhyConsole(verdicts: readonly Verdict[]): string[] {
  const changed = verdicts.filter((v) => v.inputs !== undefined);
  if (changed.length === 0) return [];
  return [
    'Why it changed (inputs base → head, as the guests applied them):',
    ...changed.flatMap((v) => {
      const tcp = v.tcpStats && tcpStatsChangeText(v.tcpStats.base, v.tcpStats.head);
      return [
        `  ${consoleText(v.key)} (${v.kind})`,
        ...differenceLines(v.inputs!).map((line) => `    ${consoleText(line)}`),
        ...(tcp ? [`    TCP sender (median of the blocks): ${tcp}`] : []),
      ];
    }),
  ];
}
