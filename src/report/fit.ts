// Fitting the report within GitHub's comment size limit: whole parts are dropped, least useful
// first, and a note says what was left out and where the full report is.

/** GitHub rejects comment bodies longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65536;

/** The report cut into the pieces that can be dropped. */
export interface ReportParts {
  /** The marker and the headline: they always stay. */
  title: string;
  /** The status line under the headline. */
  status: string;
  tableHeader: string[];
  rows: string[];
  chart?: string;
  /** Collapsed list of why (verdict reasons, or failures when nothing was compared). */
  reasons?: string;
  /** What the reasons are called in the note when they are dropped. */
  reasonsLabel: string;
  environment?: string;
}

export interface FitOptions {
  /** Longest result, in UTF-16 code units. Defaults to GitHub's comment limit. */
  maxLength?: number;
  /** A safe link to the full report (see url.ts), named in the note. */
  summaryUrl?: string;
}

/**
 * At most `maxLength` characters (less a small margin). Drops, until it fits: the environment
 * details, the reasons, the chart, then table rows from the end (least urgent, given the order).
 * The marker and headline always stay.
 */
export function fitReport(parts: ReportParts, options: FitOptions = {}): string {
  const requested = options.maxLength ?? GITHUB_COMMENT_LIMIT;
  const maxLength = Number.isFinite(requested) ? Math.max(0, Math.floor(requested)) : GITHUB_COMMENT_LIMIT;
  // GitHub counts code points, we count UTF-16 units (never fewer); the margin covers line-end
  // normalisation and other counting we cannot see.
  const budget = maxLength - Math.min(512, Math.floor(maxLength / 100));

  const head = `${parts.title}\n\n${parts.status}`;
  const table = parts.rows.length > 0 ? [...parts.tableHeader, ...parts.rows].join('\n') : undefined;
  const full = compose([head, table, parts.chart, parts.reasons, parts.environment]);
  if (full.length <= budget) return full;

  const summaryLink = options.summaryUrl === undefined ? '' : ` (<${options.summaryUrl}>)`;
  const where = `see the full report in the job summary${summaryLink}`;
  const leftOut = (names: string[]): string =>
    `${capitalise(listOf(names))} left out to stay within GitHub's comment size limit: ${where}.`;
  let kept: Pick<ReportParts, 'chart' | 'reasons' | 'environment'> = parts;
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
  return fitRows(parts, head, budget, where);
}

/** Only the head and rows remain: keep as many rows as fit beside the note. */
function fitRows(parts: ReportParts, head: string, budget: number, where: string): string {
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

function compose(sections: readonly (string | undefined)[]): string {
  return `${sections.filter((s): s is string => s !== undefined && s !== '').join('\n\n')}\n`;
}

function listOf(names: readonly string[]): string {
  return names.length <= 1
    ? names.join('')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The first `length` UTF-16 units, never ending between the two halves of a surrogate pair. */
function cutAt(text: string, length: number): string {
  if (text.length <= length) return text;
  const end = /[\ud800-\udbff]/.test(text.charAt(length - 1)) ? length - 1 : length;
  return text.slice(0, Math.max(0, end));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
