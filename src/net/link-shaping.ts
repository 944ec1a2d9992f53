// Link emulation: tc's rate units, the netem words for each link, the tc commands that shape one device's egress
// with them, and which side of the tap shapes (host, guest or both). The links themselves are
// parsed into the plan by config/link.ts.
import type { LinkProfile, Scenario } from '../model/plan.js';

const NETEM_QUEUE_LIMIT = 100_000;

/** Decimal SI multipliers, as tc reads them (`kbit` is 1000 bit/s, not 1024). */
export const RATE_UNITS: readonly [suffix: string, bitsPerSec: number][] = [
  ['gbit', 1e9],
  ['mbit', 1e6],
  ['kbit', 1e3],
  ['bit', 1],
];

/** `100000000` -> `100mbit`: the largest decimal unit that divides the rate exactly. */
export function formatRate(bitsPerSec: number): string {
  const [suffix, size] = RATE_UNITS.find(([, unit]) => bitsPerSec % unit === 0) ?? ['bit', 1];
  return `${bitsPerSec / size}${suffix}`;
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
 * what leaves it (docs/scenarios.md says so); a guest that cannot shape on a host without netem is
 * refused before boot (linkRefusal).
 */
export function linkShaping(link: LinkProfile, hostNetem: boolean, guestShapes: boolean): LinkShaping {
  if (netemArgs(link).length === 0) return { appliedAt: 'none', host: [], guest: [] };
  if (hostNetem && guestShapes)
    return { appliedAt: 'both', host: netemArgs(link, 0.5), guest: netemArgs(link, 0.5) };
  if (hostNetem) return { appliedAt: 'host', host: netemArgs(link), guest: [] };
  return { appliedAt: 'guest', host: [], guest: netemArgs(link) };
}

/**
 * Why the run cannot emulate its links, or undefined where it can: a guest that cannot shape
 * itself (every BSD) needs netem on the host side, and this host has no sch_netem.
 * `shapesOwnLink` tells, by a scenario's guest, whether its OS shapes its own egress.
 */
export function linkRefusal(
  scenarios: readonly Scenario[],
  hostNetem: boolean,
  shapesOwnLink: (guest: Scenario['guest']) => boolean,
): string | undefined {
  if (hostNetem) return undefined;
  const unshaped = scenarios.filter(
    (scenario) => netemArgs(scenario.link).length > 0 && !shapesOwnLink(scenario.guest),
  );
  if (unshaped.length === 0) return undefined;
  return `${unshaped.map((scenario) => scenario.key).join(', ')}: these guests cannot shape their own link, and this host's kernel has no sch_netem to do it on the host side; load the host kernel's sch_netem module (Debian's kernels ship it; on Ubuntu it is in linux-modules-extra for the running kernel), or drop rtt=, loss= and rate= for these guests`;
}
