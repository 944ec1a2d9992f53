// Link profiles: `--link lan,rtt=50ms,loss=0.1%,rate=100mbit` and the netem arguments for each.
import { InputError } from '../common/errors.js';
import type { LinkProfile, Scenario } from '../model/plan.js';
import { guestRecord } from '../model/guests.js';
import { shapesInGuest } from '../model/os-family.js';
import { rejectDuplicates, splitList } from './list.js';

const INPUT = '--link';
const MAX_RTT_MS = 10_000;
const MIN_RATE = 8_000;
const MAX_RATE = 100_000_000_000;
// Decimal SI multipliers, as tc reads them (`kbit` is 1000 bit/s, not 1024).
const RATE_UNITS: readonly [suffix: string, bitsPerSec: number][] = [
  ['gbit', 1e9],
  ['mbit', 1e6],
  ['kbit', 1e3],
  ['bit', 1],
];
const NETEM_QUEUE_LIMIT = 100_000;
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

/**
 * The argv tail for `tc qdisc add dev X root netem ...`; [] means no netem at all. `delayShare`:
 * the part of the RTT this egress carries (1 where one netem carries it all, 0.5 on each side of
 * a symmetric link).
 */
export function netemArgs(link: LinkProfile, delayShare = 1): string[] {
  const args: string[] = [];
  if (link.rttMs > 0) args.push('delay', formatDelay(link.rttMs * delayShare));
  if (link.lossPct > 0) args.push('loss', `${link.lossPct}%`);
  if (link.rateBitsPerSec > 0) args.push('rate', formatRate(link.rateBitsPerSec));
  // netem queues the delayed packets; its default of 1000 would drop a 16 MiB window.
  if (args.length > 0) args.push('limit', String(NETEM_QUEUE_LIMIT));
  return args;
}

/**
 * The client ports iperf3's data connections bind (`--cport`): a block the kernel never hands out
 * as an ephemeral port (those start at 32768), so `port & mask === first` tells a data connection
 * from iperf3's control connection, whose client port is ephemeral. The link emulation shapes the
 * data connections and everything else except the control connection: its seven or so round trips
 * per repetition would add to the wall time at every RTT, never to a sample.
 */
export const DATA_PORTS = { first: 0x5000, mask: 0xf000, count: 0x1000 } as const;

/**
 * `tc` words (after `tc`) that shape one device's egress with `netem` and leave iperf3's control
 * connection unshaped: a two-band prio root whose default band holds the netem, and u32 filters
 * that send the control connection's TCP packets to the other band. `towardGuest`: the device's
 * egress carries the host client's packets to the guest (the host side of the tap), so the server
 * port is the destination and the client port the source; otherwise (the guest's own interface)
 * the other way round. The guest script builds the same structure (init-script.ts).
 */
export function shapingCommands(
  device: string,
  netemWords: readonly string[],
  iperf3Port: number,
  towardGuest: boolean,
): string[][] {
  const [serverAt, clientAt] = towardGuest ? ['dport', 'sport'] : ['sport', 'dport'];
  const tcp = ['match', 'ip', 'protocol', '6', '0xff', 'match', 'ip', serverAt, String(iperf3Port), '0xffff'];
  const filter = (prio: string, extra: string[], flowid: string): string[] => [
    'filter',
    'add',
    'dev',
    device,
    'parent',
    '1:',
    'protocol',
    'ip',
    'prio',
    prio,
    'u32',
    ...tcp,
    ...extra,
    'flowid',
    flowid,
  ];
  return [
    [
      'qdisc',
      'replace',
      'dev',
      device,
      'root',
      'handle',
      '1:',
      'prio',
      'bands',
      '2',
      'priomap',
      ...Array<string>(16).fill('1'),
    ],
    ['qdisc', 'replace', 'dev', device, 'parent', '1:2', 'handle', '20:', 'netem', ...netemWords],
    filter(
      '1',
      ['match', 'ip', clientAt, String(DATA_PORTS.first), `0x${DATA_PORTS.mask.toString(16)}`],
      '1:2',
    ),
    filter('2', [], '1:1'),
  ];
}

/** `50` -> `50ms`, `25.5` -> `25500us`: tc's units, whole numbers only. */
function formatDelay(ms: number): string {
  return Number.isInteger(ms) ? `${ms}ms` : `${Math.round(ms * 1000)}us`;
}

/** Where a link is emulated: nowhere (unshaped), one side of the tap, or both. */
export type LinkPlacement = 'none' | 'host' | 'guest' | 'both';

export interface LinkShaping {
  appliedAt: LinkPlacement;
  /** netem words for the host side of the tap (its egress toward the guest); [] for none. */
  host: string[];
  /** netem words for the guest's own egress toward the host; [] for none. */
  guest: string[];
}

/**
 * Where and how a link is emulated. Where the host has sch_netem and the guest can shape its own
 * egress (Linux), the link is symmetric: each side's egress carries half the RTT and the whole
 * rate and loss, so `rate=` caps the data whichever way it flows, the guest sending or receiving.
 * Where only one side can shape, that side carries the whole RTT, and loss and rate shape only
 * what leaves it (the README says so); a guest that cannot shape on a host without netem is
 * refused before boot (linkRefusal).
 */
export function linkShaping(link: LinkProfile, hostNetem: boolean, guestShapes: boolean): LinkShaping {
  if (netemArgs(link).length === 0) return { appliedAt: 'none', host: [], guest: [] };
  if (hostNetem && guestShapes)
    return { appliedAt: 'both', host: netemArgs(link, 0.5), guest: netemArgs(link, 0.5) };
  if (hostNetem) return { appliedAt: 'host', host: netemArgs(link), guest: [] };
  return { appliedAt: 'guest', host: [], guest: netemArgs(link) };
}

/** `100000000` -> `100mbit`: the largest decimal unit that divides the rate exactly. */
export function formatRate(bitsPerSec: number): string {
  const [suffix, size] = RATE_UNITS.find(([, unit]) => bitsPerSec % unit === 0) ?? ['bit', 1];
  return `${bitsPerSec / size}${suffix}`;
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

/**
 * Why the run cannot emulate its links, or undefined where it can: a guest that cannot shape
 * itself (every BSD) needs netem on the host side, and this host has no sch_netem.
 */
export function linkRefusal(scenarios: readonly Scenario[], hostNetem: boolean): string | undefined {
  if (hostNetem) return undefined;
  const unshaped = scenarios.filter(
    (scenario) => netemArgs(scenario.link).length > 0 && !shapesInGuest(guestRecord(scenario.guest).os),
  );
  if (unshaped.length === 0) return undefined;
  return `${unshaped.map((scenario) => scenario.key).join(', ')}: these guests cannot shape their own link, and this host's kernel has no sch_netem to do it on the host side; load the host kernel's sch_netem module (Debian's kernels ship it; on Ubuntu it is in linux-modules-extra for the running kernel), or drop rtt=, loss= and rate= for these guests`;
}
