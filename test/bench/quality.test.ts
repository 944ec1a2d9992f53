import type { JobBlock, JobRecord } from '../../bench/paired-jobs.js';
import { printQuality } from '../../bench/quality.js';

const block = (ratio: number, dropped?: string): JobBlock => ({
  order: 'ABBA',
  base: [100e6, 101e6],
  head: [100e6 * ratio, 101e6 * ratio],
  ...(dropped ? { dropped } : {}),
});

function job(
  label: string,
  blocks: JobBlock[],
  extra: Partial<JobRecord> = {},
  sequential = true,
): JobRecord {
  return {
    spec: {
      kind: 'ab',
      label,
      nic: 'virtio-net-pci',
      baseProfile: 'b.conf',
      headProfile: 'h.conf',
      link: 'rtt=50ms',
      duration: 2,
      pairs: 12,
      ...(sequential ? { sequential: true } : {}),
      perSide: 2,
      hog: false,
      pin: 'auto',
      seed: 1,
    },
    key: 'linux/virtio-net-pci/rmem/rtt50ms/receive',
    blocks,
    verdict: { kind: 'regression', relativeChange: -0.1, reason: 'r' },
    wallSeconds: 60,
    at: '2026-12-07T00:00:00Z',
    ...extra,
  };
}

function printed(records: JobRecord[]): string[] {
  const lines: string[] = [];
  printQuality(records, (line) => lines.push(line));
  return lines;
}

describe('printQuality', () => {
  it('states the design and counts the pairs judged with looks, leaving set-aside blocks out', () => {
    const lines = printed([
      job('A/B 90%', [block(0.9), block(0.9), block(0.9, 'head slow'), block(0.9)], {
        settled: 'settled: regression at look 1',
      }),
      job(
        'A/B 90%',
        Array.from({ length: 14 }, () => block(0.9)),
      ),
    ]);
    expect(lines.some((l) => l.includes('A/B 90% (2 jobs') && l.includes('looks from 3 pairs, cap 12'))).toBe(
      true,
    );
    // 3 kept pairs in the first job; the second's 14 kept blocks count up to the cap of 12.
    expect(lines).toContain(
      '    pairs judged: quartiles 3/12/12 (3-12); a look settled 1 of 2 before the cap',
    );
  });

  it('prints no pairs line for jobs of the fixed design', () => {
    const lines = printed([job('A/A', [block(1), block(1), block(1)], {}, false)]);
    expect(lines.some((l) => l.includes('(1 jobs') && l.includes('12 pairs)'))).toBe(true);
    expect(lines.some((l) => l.includes('pairs judged'))).toBe(false);
  });
});
