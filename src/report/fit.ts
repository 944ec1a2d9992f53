// Fitting the report within GitHub's comment size limit: whole parts are dropped, least useful
// first, and a note says what was left out and where the full report is.

/** GitHub rejects comment bodies longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65536;

/** GitHub keeps a step's job summary only up to 1 MiB, counted in UTF-8 bytes. */
export const GITHUB_SUMMARY_LIMIT_BYTES = 1024 * 1024;

/**
 * What a limit counts: UTF-16 code units (never fewer than the code points GitHub counts in a
 * comment) or UTF-8 bytes (the job summary's limit; up to 3 per UTF-16 unit).
 */
export type SizeUnit = 'utf16' | 'utf8';

const SIZE_OF: Readonly<Record<SizeUnit, (text: string) => number>> = {
  utf16: (text) => text.length,
  utf8: (text) => Buffer.byteLength(text, 'utf8'),
};

/** The report cut into the pieces that can be dropped. */
export interface ReportParts {
  /** The marker and the headline: they always stay. */
  title: string;
  /** The status line under the headline. */
  status: string;
  /** How the verdicts were reached, under the status line; kept with it. */
  method?: string;
  tableHeader: string[];
  rows: string[];
  /** Each changed scenario's inputs base → head (a paired run). */
  why?: string;
  chart?: string;
  /** Collapsed list of why (verdict reasons, or failures when nothing was compared). */
  reasons?: string;
  /** What the reasons are called in the note when they are dropped. */
  reasonsLabel: string;
  /** Collapsed list of the pairs each scenario measured and why it stopped (sequential looks). */
  stops?: string;
  /** Collapsed list of the blocks a paired run dropped. */
  dropped?: string;
  environment?: string;
}

type OptionalSection = 'why' | 'chart' | 'reasons' | 'stops' | 'dropped' | 'environment';

/**
 * The sections that may be left out, in the order the report shows them after the head and the
 * table, each with what the note calls it. They are dropped from the last: least useful first.
 */
const OPTIONAL_SECTIONS: readonly { field: OptionalSection; name: (parts: ReportParts) => string }[] = [
  // What changed is the first thing a reviewer asks after the verdict, and it is short: kept longest.
  { field: 'why', name: () => 'why it changed' },
  { field: 'chart', name: () => 'chart' },
  { field: 'reasons', name: (parts) => parts.reasonsLabel },
  { field: 'stops', name: () => 'pairs and stops' },
  { field: 'dropped', name: () => 'dropped blocks' },
  { field: 'environment', name: () => 'environment details' },
];

export interface FitOptions {
  /** Longest result, in `unit`s. Defaults to GitHub's comment limit. */
  maxLength?: number;
  /** What maxLength counts; UTF-16 code units by default. */
  unit?: SizeUnit;
  /** A safe link to the full report (see url.ts), named in the note. */
  summaryUrl?: string;
}

/**
 * At most `maxLength` units (less a small margin). Drops, until it fits: the optional sections
 * from the last (OPTIONAL_SECTIONS), then table rows from the end (least urgent, given the order).
 * The marker and headline always stay.
 */
export function fitReport(parts: ReportParts, options: FitOptions = {}): string {
  const requested = options.maxLength ?? GITHUB_COMMENT_LIMIT;
  const maxLength = Number.isFinite(requested) ? Math.max(0, Math.floor(requested)) : GITHUB_COMMENT_LIMIT;
  // The margin covers line-end normalisation and other counting we cannot see.
  const budget = maxLength - Math.min(512, Math.floor(maxLength / 100));
  const size = SIZE_OF[options.unit ?? 'utf16'];

  const head = [parts.title, parts.status, parts.method].filter((s) => s !== undefined).join('\n\n');
  const table = parts.rows.length > 0 ? [...parts.tableHeader, ...parts.rows].join('\n') : undefined;
  const present = OPTIONAL_SECTIONS.filter((section) => parts[section.field] !== undefined);
  const full = compose([head, table, ...present.map((section) => parts[section.field])]);
  if (size(full) <= budget) return full;

  const summaryLink = options.summaryUrl === undefined ? '' : ` (<${options.summaryUrl}>)`;
  const where = `see the full report in the job summary${summaryLink}`;
  const leftOut = (names: string[]): string =>
    `${capitalise(listOf(names))} left out to stay within GitHub's comment size limit: ${where}.`;
  for (let kept = present.length - 1; kept >= 0; kept--) {
    // Named in the order they were dropped.
    const omitted = present.slice(kept).reverse();
    const body = compose([
      head,
      table,
      leftOut(omitted.map((section) => section.name(parts))),
      ...present.slice(0, kept).map((section) => parts[section.field]),
    ]);
    if (size(body) <= budget) return body;
  }
  return fitRows(parts, head, { budget, size }, where);
}

/** Only the head and rows remain: keep as many rows as fit beside the note. */
function fitRows(
  parts: ReportParts,
  head: string,
  { budget, size }: { budget: number; size: (text: string) => number },
  where: string,
): string {
  const note = (more: number): string =>
    more > 0 ? `… ${more} more scenario${more === 1 ? '' : 's'}: ${where}` : `Details left out: ${where}`;
  const header = parts.tableHeader.join('\n');
  // Both kinds of note, and the longest count, bound every note the loop can end with.
  const longestNote = Math.max(size(note(parts.rows.length)), size(note(0)));
  // head, blank line, header, blank line, note, final line end; each row adds a line.
  let used = size(head) + 2 + size(header) + 2 + longestNote + 1;
  let count = 0;
  for (const row of parts.rows) {
    const cost = size(row) + 1;
    if (used + cost > budget) break;
    used += cost;
    count += 1;
  }
  const rest = parts.rows.length - count;
  const body =
    count > 0
      ? compose([head, [header, ...parts.rows.slice(0, count)].join('\n'), note(rest)])
      : compose([head, note(rest)]);
  if (size(body) <= budget) return body;
  // So small a limit: the note still says where to look, before the status line does.
  const fallbacks = [compose([parts.title, note(parts.rows.length)]), compose([parts.title])];
  for (const last of fallbacks) if (size(last) <= budget) return last;
  return cutAt(compose([parts.title]), Math.max(0, budget), size);
}

function compose(sections: readonly (string | undefined)[]): string {
  return `${sections.filter((s): s is string => s !== undefined && s !== '').join('\n\n')}\n`;
}

function listOf(names: readonly string[]): string {
  return names.length <= 1
    ? names.join('')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The longest start of `text` of at most `length` units, whole code points only. */
function cutAt(text: string, length: number, size: (text: string) => number): string {
  let cut = '';
  for (const char of text) {
    if (size(cut + char) > length) break;
    cut += char;
  }
  return cut;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
