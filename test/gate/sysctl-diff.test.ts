import { sysctlDifferences, type SideSysctls } from '../../src/gate/sysctl-diff.js';
import type { InputDifference } from '../../src/model/input-change.js';

const WMEM = 'net.ipv4.tcp_wmem';

/** A side whose profile writes `lines` (`name = value`, `-name = value`), nothing measured. */
function written(...lines: string[]): SideSysctls {
  return {
    written: lines.map((line) => {
      const [rawName = '', value = ''] = line.split(' = ');
      const ignoreMissing = rawName.startsWith('-');
      return [ignoreMissing ? rawName.slice(1) : rawName, value, ignoreMissing] as const;
    }),
  };
}

function measured(side: SideSysctls, report: Omit<SideSysctls, 'written'>): SideSysctls {
  return { ...side, ...report };
}

const sysctl = (name: string, value: string) => ({ name, value });

describe('sysctlDifferences', () => {
  it.each<[string, SideSysctls, SideSysctls, InputDifference[]]>([
    [
      'a multi-value knob: the field that changed, by its name',
      written(`${WMEM} = 4096 16384 16777216`),
      written(`${WMEM} = 4096 16384 65536`),
      [{ input: WMEM, field: 'max', change: 'changed', base: '16777216', head: '65536' }],
    ],
    [
      'two fields of one knob: one line each',
      written('net.ipv4.tcp_rmem = 4096 131072 16777216'),
      written('net.ipv4.tcp_rmem = 8192 131072 33554432'),
      [
        { input: 'net.ipv4.tcp_rmem', field: 'min', change: 'changed', base: '4096', head: '8192' },
        { input: 'net.ipv4.tcp_rmem', field: 'max', change: 'changed', base: '16777216', head: '33554432' },
      ],
    ],
    [
      "tcp_mem's middle field is the pressure threshold",
      written('net.ipv4.tcp_mem = 1 2 3'),
      written('net.ipv4.tcp_mem = 1 5 3'),
      [{ input: 'net.ipv4.tcp_mem', field: 'pressure', change: 'changed', base: '2', head: '5' }],
    ],
    [
      'a multi-value knob nicgate has no names for: the field by position',
      written('net.ipv4.ping_group_range = 0 0'),
      written('net.ipv4.ping_group_range = 0 100'),
      [{ input: 'net.ipv4.ping_group_range', field: 'field 2', change: 'changed', base: '0', head: '100' }],
    ],
    [
      'another number of fields: the whole value',
      written(`${WMEM} = 4096 16384`),
      written(`${WMEM} = 4096 16384 65536`),
      [{ input: WMEM, change: 'changed', base: '4096 16384', head: '4096 16384 65536' }],
    ],
    [
      'a single value',
      written('net.ipv4.tcp_congestion_control = cubic'),
      written('net.ipv4.tcp_congestion_control = bbr'),
      [{ input: 'net.ipv4.tcp_congestion_control', change: 'changed', base: 'cubic', head: 'bbr' }],
    ],
    [
      'unchanged knobs are not listed, whatever their place',
      written('net.core.rmem_max = 1', 'net.core.wmem_max = 2', 'net.ipv4.tcp_ecn = 1'),
      written('net.core.rmem_max = 1', 'net.core.wmem_max = 3', 'net.ipv4.tcp_ecn = 1'),
      [{ input: 'net.core.wmem_max', change: 'changed', base: '2', head: '3' }],
    ],
    [
      'added and removed, in head then base order, each with its only value',
      written('net.core.rmem_max = 1', 'net.core.wmem_max = 2'),
      written('net.ipv4.tcp_ecn = 1', 'net.core.rmem_max = 1'),
      [
        { input: 'net.ipv4.tcp_ecn', change: 'added', head: '1' },
        { input: 'net.core.wmem_max', change: 'removed', base: '2' },
      ],
    ],
    [
      'the same sysctls in another order: one line',
      written('net.core.rmem_max = 1', 'net.core.wmem_max = 2'),
      written('net.core.wmem_max = 2', 'net.core.rmem_max = 1'),
      [
        {
          input: 'sysctl order',
          change: 'changed',
          note: 'the same sysctls in another order (the guest applies them in order)',
        },
      ],
    ],
    [
      'a line now written "-name"',
      written('net.ipv4.tcp_ecn_fallback = 1'),
      written('-net.ipv4.tcp_ecn_fallback = 1'),
      [
        {
          input: 'net.ipv4.tcp_ecn_fallback',
          change: 'changed',
          note: 'now written "-name": skipped where the guest kernel lacks it',
        },
      ],
    ],
    [
      'nothing differs: nothing listed',
      written('net.core.rmem_max = 1'),
      written('net.core.rmem_max = 1'),
      [],
    ],
  ])('%s', (_name, base, head, expected) => {
    expect(sysctlDifferences(base, head)).toEqual(expected);
  });

  it('prefers what the guests applied to what the profiles write', () => {
    // A kernel that clamps: the base wrote 16 MiB, its guest applied 4 MiB.
    const base = measured(written(`${WMEM} = 4096 16384 16777216`), {
      applied: [sysctl(WMEM, '4096\t16384\t4194304')],
    });
    const head = measured(written(`${WMEM} = 4096 16384 65536`), {
      applied: [sysctl(WMEM, '4096\t16384\t65536')],
    });
    expect(sysctlDifferences(base, head)).toEqual([
      { input: WMEM, field: 'max', change: 'changed', base: '4194304', head: '65536' },
    ]);
  });

  it("falls back to a side's profile where that side was not measured", () => {
    const base = written(`${WMEM} = 4096 16384 16777216`);
    const head = measured(written(`${WMEM} = 4096 16384 65536`), {
      applied: [sysctl(WMEM, '4096 16384 65536')],
    });
    expect(sysctlDifferences(base, head)).toEqual([
      { input: WMEM, field: 'max', change: 'changed', base: '16777216', head: '65536' },
    ]);
  });

  it('reads slash names as dotted, as sysctl(8) does', () => {
    const base = measured(written('net.core.rmem_max = 1'), { applied: [sysctl('net/core/rmem_max', '5')] });
    const head = measured(written('net.core.rmem_max = 1'), { applied: [sysctl('net.core.rmem_max', '5')] });
    expect(sysctlDifferences(base, head)).toEqual([]);
  });

  it('still lists lines that differ where both guests applied the same value, and says so', () => {
    const base = measured(written('net.core.rmem_max = 33554432'), {
      applied: [sysctl('net.core.rmem_max', '16777216')],
    });
    const head = measured(written('net.core.rmem_max = 67108864'), {
      applied: [sysctl('net.core.rmem_max', '16777216')],
    });
    expect(sysctlDifferences(base, head)).toEqual([
      {
        input: 'net.core.rmem_max',
        change: 'changed',
        base: '33554432',
        head: '67108864',
        note: 'as written; both guests applied 16777216',
      },
    ]);
  });

  it("gives an added sysctl the value the base's guest had, and a removed one the head's", () => {
    const base = measured(written('net.core.rmem_max = 16777216'), {
      applied: [sysctl('net.core.rmem_max', '16777216')],
      effective: [
        sysctl('net.ipv4.tcp_congestion_control', 'cubic'),
        sysctl('net.core.rmem_max', '16777216'),
      ],
    });
    const head = measured(written('net.ipv4.tcp_congestion_control = bbr'), {
      applied: [sysctl('net.ipv4.tcp_congestion_control', 'bbr')],
      effective: [sysctl('net.ipv4.tcp_congestion_control', 'bbr'), sysctl('net.core.rmem_max', '212992')],
    });
    expect(sysctlDifferences(base, head)).toEqual([
      { input: 'net.ipv4.tcp_congestion_control', change: 'added', base: 'cubic', head: 'bbr' },
      { input: 'net.core.rmem_max', change: 'removed', base: '16777216', head: '212992' },
    ]);
  });

  it('says where a guest kernel skipped a `-` line the other side lacks', () => {
    const base = measured(written(), { applied: [] });
    const head = measured(written('-net.ipv4.tcp_ecn_fallback = 1'), {
      applied: [],
      skipped: ['net.ipv4.tcp_ecn_fallback'],
    });
    expect(sysctlDifferences(base, head)).toEqual([
      {
        input: 'net.ipv4.tcp_ecn_fallback',
        change: 'added',
        head: '1',
        note: "skipped: the head guest's kernel lacks it",
      },
    ]);
  });
});
