// Link profiles: `--link lan,rtt=50ms,loss=0.1%,rate=100mbit` parsed into the plan's links. How each
// is shaped with tc is net/link-shaping.ts's job.
import { InputError } from '../common/errors.js';
import type { LinkProfile } from '../model/plan.js';
import { formatRate, RATE_UNITS } from '../net/link-shaping.js';
import { rejectDuplicates, splitList } from './list.js';

const INPUT = '--link';
const MAX_RTT_MS = 10_000;
const MIN_RATE = 8_000;
const MAX_RATE = 100_000_000_000;
const DECIMAL = /^\d+(\.\d+)?$/;

interface LinkDraft {
  rttMs: number;
  lossPct?: number;
  rateBitsPerSec?: number;
  /** The token that started this link, for error messages. */
  head: string;
}

/**
 * Parses the link list. `lan` and `rtt=<n>ms` (or a bare number of ms) each start a link;
 * `loss=` and `rate=` attach to the link before them. Decisions:
 * - `lan,loss=1%` is allowed: a link without delay but with loss (name `lan-loss1pct`).
 * - `rtt=0ms` is the same link as `lan` and gets the name `lan`, so listing both is a duplicate;
 *   likewise `loss=0%` is left out of the name.
 * - Names are canonical whatever order or spelling the user chose: `rtt50ms-loss0.1pct-rate100mbit`.
 */
export function parseLinks(spec: string): LinkProfile[] {
  const drafts: LinkDraft[] = [];
  for (const token of splitList(INPUT, spec)) readToken(drafts, token);
  const links = drafts.map(toLinkProfile);
  rejectDuplicates(
    INPUT,
    links.map((link) => link.name),
  );
  return links;
}

/** A head token (`lan`, `rtt=`) starts a new draft; `loss=` and `rate=` fill in the last one. */
function readToken(drafts: LinkDraft[], token: string): void {
  const [key, value] = splitToken(token);
  if (key === 'lan' && value === undefined) return void drafts.push({ rttMs: 0, head: token });
  if (value !== undefined) {
    switch (key) {
      case 'rtt':
        return void drafts.push({ rttMs: parseRttMs(token, value), head: token });
      case 'loss':
        return attach(drafts, token, 'lossPct', parseLossPct(token, value));
      case 'rate':
        return attach(drafts, token, 'rateBitsPerSec', parseRate(token, value));
    }
  }
  throw new InputError(
    INPUT,
    token,
    'is not a link token; expected lan, rtt=<ms>, loss=<percent> or rate=<bits/s>',
  );
}

function splitToken(token: string): [key: string, value: string | undefined] {
  const equals = token.indexOf('=');
  if (equals === -1) return [token.toLowerCase(), undefined];
  return [token.slice(0, equals).trim().toLowerCase(), token.slice(equals + 1).trim()];
}

function attach(
  drafts: LinkDraft[],
  token: string,
  field: 'lossPct' | 'rateBitsPerSec',
  value: number,
): void {
  const current = drafts.at(-1);
  if (current === undefined) {
    throw new InputError(
      INPUT,
      token,
      'must follow the link it belongs to (lan or rtt=<ms>), e.g. rtt=50ms,' + token,
    );
  }
  if (current[field] !== undefined) {
    throw new InputError(
      INPUT,
      token,
      `repeats ${token.split('=')[0]} for the link ${JSON.stringify(current.head)}`,
    );
  }
  current[field] = value;
}

function parseRttMs(token: string, value: string): number {
  const digits = value.toLowerCase().replace(/ms$/, '');
  const rttMs = DECIMAL.test(digits) ? Number(digits) : NaN;
  if (!(rttMs >= 0 && rttMs <= MAX_RTT_MS)) {
    throw new InputError(
      INPUT,
      token,
      `is not a round-trip time between 0 and ${MAX_RTT_MS} ms (e.g. rtt=50ms)`,
    );
  }
  return rttMs;
}

function parseLossPct(token: string, value: string): number {
  const digits = value.replace(/%$/, '');
  const lossPct = DECIMAL.test(digits) ? Number(digits) : NaN;
  if (!(lossPct >= 0 && lossPct <= 100)) {
    throw new InputError(INPUT, token, 'is not a loss percentage between 0 and 100 (e.g. loss=0.1%)');
  }
  return lossPct;
}

function parseRate(token: string, value: string): number {
  const lower = value.toLowerCase();
  const [suffix, size] = RATE_UNITS.find(([unit]) => lower.endsWith(unit)) ?? ['', 1];
  const digits = lower.slice(0, lower.length - suffix.length);
  // Rounded because 1.1 * 1e9 is not exactly an integer in floating point; a fraction of a bit is noise.
  const bits = DECIMAL.test(digits) ? Math.round(Number(digits) * size) : NaN;
  if (!(bits >= MIN_RATE && bits <= MAX_RATE)) {
    throw new InputError(
      INPUT,
      token,
      `is not a rate between ${formatRate(MIN_RATE)} and ${formatRate(MAX_RATE)} (e.g. rate=100mbit, rate=1gbit)`,
    );
  }
  return bits;
}

function toLinkProfile(draft: LinkDraft): LinkProfile {
  const lossPct = draft.lossPct ?? 0;
  const rateBitsPerSec = draft.rateBitsPerSec ?? 0;
  const base = draft.rttMs === 0 ? 'lan' : `rtt${draft.rttMs}ms`;
  const baseSpec = draft.rttMs === 0 ? 'lan' : `rtt=${draft.rttMs}ms`;
  const names = [base];
  const specs = [baseSpec];
  // `loss=0%` is no loss: leaving it out of the name makes `rtt=50ms,loss=0%` a duplicate of `rtt=50ms`.
  if (lossPct > 0) {
    names.push(`loss${lossPct}pct`);
    specs.push(`loss=${lossPct}%`);
  }
  if (draft.rateBitsPerSec !== undefined) {
    names.push(`rate${formatRate(rateBitsPerSec)}`);
    specs.push(`rate=${formatRate(rateBitsPerSec)}`);
  }
  return { name: names.join('-'), spec: specs.join(','), rttMs: draft.rttMs, lossPct, rateBitsPerSec };
}
