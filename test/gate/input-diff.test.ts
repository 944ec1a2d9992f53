import type { ScenarioInputs } from '../../src/gate/fingerprint.js';
import { describeChanges, inputDifferences, type ProfileFile } from '../../src/gate/input-diff.js';
import { MAX_INPUT_DIFFERENCES } from '../../src/model/input-change.js';
import { results, scenario } from '../baseline/sample-results.js';

const KEY = 'linux/virtio-net-pci/tuned/rtt50ms/send';

function inputs(overrides: Partial<ScenarioInputs> = {}): ScenarioInputs {
  return {
    version: 2,
    measure: { durationSec: 5, omitSec: 1, repetitions: 5, streams: 1 },
    accel: 'auto',
    kernel: { image: 'a'.repeat(64), modules: 'b'.repeat(64) },
    guest: 'linux',
    nic: 'virtio-net-pci',
    sysctls: [
      ['net.core.rmem_max', '16777216', false],
      ['net.ipv4.tcp_wmem', '4096 16384 16777216', false],
    ],
    link: { rttMs: 50, lossPct: 0, rateBitsPerSec: 0 },
    direction: 'send',
    image: 'c'.repeat(64),
    ...overrides,
  };
}

/** Every leaf of the inputs other than the sysctls, changed on its own. */
const CHANGED_LEAVES: [string, Partial<ScenarioInputs>, string][] = [
  ['version', { version: 3 }, 'fingerprint version 2 → 3'],
  ['measure.durationSec', { measure: { ...inputs().measure, durationSec: 10 } }, 'duration 5 s → 10 s'],
  ['measure.omitSec', { measure: { ...inputs().measure, omitSec: 2 } }, 'omitted start 1 s → 2 s'],
  ['measure.repetitions', { measure: { ...inputs().measure, repetitions: 3 } }, 'repetitions 5 → 3'],
  ['measure.streams', { measure: { ...inputs().measure, streams: 4 } }, 'parallel streams 1 → 4'],
  ['accel', { accel: 'tcg' }, 'accelerator auto → tcg'],
  [
    'kernel.image',
    { kernel: { image: 'd'.repeat(64), modules: 'b'.repeat(64) } },
    'kernel image aaaaaaaaaaaa → dddddddddddd',
  ],
  [
    'kernel.modules',
    { kernel: { image: 'a'.repeat(64), modules: null } },
    'kernel modules bbbbbbbbbbbb → none',
  ],
  ['kernel', { kernel: null }, 'kernel image aaaaaaaaaaaa → built-in'],
  ['guest', { guest: 'debian' }, 'guest linux → debian'],
  ['nic', { nic: 'e1000' }, 'NIC virtio-net-pci → e1000'],
  ['link.rttMs', { link: { ...inputs().link, rttMs: 100 } }, 'link RTT 50 ms → 100 ms'],
  ['link.lossPct', { link: { ...inputs().link, lossPct: 0.1 } }, 'link loss 0% → 0.1%'],
  [
    'link.rateBitsPerSec',
    { link: { ...inputs().link, rateBitsPerSec: 3e8 } },
    'link rate unshaped → 300 Mbit/s',
  ],
  ['direction', { direction: 'receive' }, 'direction send → receive'],
  ['image', { image: 'e'.repeat(64) }, 'guest image cccccccccccc → eeeeeeeeeeee'],
];

function lines(base: ScenarioInputs, head: ScenarioInputs, file?: ProfileFile): string[] {
  return inputDifferences({ inputs: base }, { inputs: head }, file).differences.map((d) =>
    [d.input, d.field, d.base, '→', d.head, d.file, d.line].filter((part) => part !== undefined).join(' '),
  );
}

describe('inputDifferences', () => {
  it('lists nothing for the same inputs', () => {
    expect(inputDifferences({ inputs: inputs() }, { inputs: inputs() })).toEqual({ differences: [] });
  });

  it.each(CHANGED_LEAVES)('reads a change of %s as one line', (_leaf, change, line) => {
    const [difference] = inputDifferences({ inputs: inputs() }, { inputs: inputs(change) }).differences;
    expect(difference).toBeDefined();
    expect(`${difference!.input} ${difference!.base} → ${difference!.head}`).toBe(line);
  });

  it('covers every leaf of the fingerprinted inputs (a new input needs a line)', () => {
    const leaves = (value: object, prefix = ''): string[] =>
      Object.entries(value).flatMap(([name, inner]) =>
        inner !== null && typeof inner === 'object' && !Array.isArray(inner)
          ? leaves(inner as object, `${prefix}${name}.`)
          : [`${prefix}${name}`],
      );
    const covered = new Set(CHANGED_LEAVES.map(([leaf]) => leaf));
    expect(leaves(inputs()).filter((leaf) => leaf !== 'sysctls' && !covered.has(leaf))).toEqual([]);
  });

  it('points sysctl lines at the head profile file and its lines; other inputs at nothing', () => {
    const head = inputs({
      sysctls: [
        ['net.ipv4.tcp_wmem', '4096 16384 65536', false],
        ['net.ipv4.tcp_congestion_control', 'bbr', false],
      ],
      link: { rttMs: 100, lossPct: 0, rateBitsPerSec: 0 },
    });
    const file = {
      path: 'profiles/tuned.conf',
      lines: { 'net.ipv4.tcp_wmem': 4, 'net.ipv4.tcp_congestion_control': 6 },
    };
    expect(lines(inputs(), head, file)).toEqual([
      'net.ipv4.tcp_wmem max 16777216 → 65536 profiles/tuned.conf 4',
      'net.ipv4.tcp_congestion_control → bbr profiles/tuned.conf 6',
      // Removed: the head has no line for it, so the file alone.
      'net.core.rmem_max 16777216 → profiles/tuned.conf',
      'link RTT 50 ms → 100 ms',
    ]);
    // Without a file (a built-in profile, a file outside the work tree): no place at all.
    expect(lines(inputs(), head)).toEqual([
      'net.ipv4.tcp_wmem max 16777216 → 65536',
      'net.ipv4.tcp_congestion_control → bbr',
      'net.core.rmem_max 16777216 →',
      'link RTT 50 ms → 100 ms',
    ]);
  });

  it('keeps at most MAX_INPUT_DIFFERENCES and counts the rest', () => {
    const many = (value: string): ScenarioInputs =>
      inputs({ sysctls: Array.from({ length: 50 }, (_, i) => [`net.test.knob${i}`, value, false]) });
    const found = inputDifferences({ inputs: many('1') }, { inputs: many('2') });
    expect(found.differences).toHaveLength(MAX_INPUT_DIFFERENCES);
    expect(found.more).toBe(50 - MAX_INPUT_DIFFERENCES);
  });
});

describe('describeChanges', () => {
  const other = 'linux/e1000/tuned/rtt50ms/send';
  const changes = [
    { key: KEY, change: 'changed' as const },
    { key: other, change: 'unchanged' as const },
    { key: 'linux/e1000/fresh/rtt50ms/send', change: 'new' as const },
  ];
  const head = inputs({ sysctls: [['net.core.rmem_max', '65536', false]] });

  it('describes changed scenarios only, from what the guests applied', () => {
    const applied = (value: string) =>
      results([scenario(KEY, [1], { appliedSysctls: [{ name: 'net.core.rmem_max', value }] })]);
    const described = describeChanges(
      changes,
      {
        base: {
          inputs: new Map([
            [KEY, inputs()],
            [other, inputs()],
          ]),
          results: applied('4194304'),
        },
        head: {
          inputs: new Map([
            [KEY, head],
            [other, inputs()],
          ]),
          results: applied('65536'),
        },
      },
      (key) => (key === KEY ? { path: 'tuned.conf', lines: { 'net.core.rmem_max': 1 } } : undefined),
    );
    expect(described.map((c) => c.inputs)).toEqual([
      {
        differences: [
          {
            input: 'net.core.rmem_max',
            change: 'changed',
            base: '4194304',
            head: '65536',
            file: 'tuned.conf',
            line: 1,
          },
          {
            input: 'net.ipv4.tcp_wmem',
            change: 'removed',
            base: '4096 16384 16777216',
            file: 'tuned.conf',
          },
        ],
      },
      undefined,
      undefined,
    ]);
  });
});
