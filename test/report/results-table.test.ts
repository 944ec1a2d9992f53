import type { ScenarioResult } from '../../src/model/results.js';
import {
  formatBitrate,
  formatDuration,
  renderProgress,
  renderResultsTable,
} from '../../src/report/results-table.js';

describe('formatBitrate', () => {
  it.each([
    [3.2104e9, '3.21 Gbit/s'],
    [402e6, '402 Mbit/s'],
    [900e3, '900 kbit/s'],
    [12e6, '12.0 Mbit/s'],
    [999.7e6, '1.00 Gbit/s'],
    [22e12, '22.0 Tbit/s'],
    [500, '500 bit/s'],
    [0, '0 bit/s'],
    [Number.NaN, 'n/a'],
  ])('%d -> %s', (bps, text) => {
    expect(formatBitrate(bps)).toBe(text);
  });
});

describe('formatDuration', () => {
  it.each([
    [45, '45s'],
    [80, '1m20s'],
    [65, '1m05s'],
    [7500, '2h05m'],
    [-3, '0s'],
  ])('%d s -> %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

function result(key: string, samples: number[], error?: string): ScenarioResult {
  const [, nic = '', profile = '', link = ''] = key.split('/');
  return {
    key,
    guest: 'linux',
    nic,
    profile: { name: profile, source: 'builtin', sysctls: [] },
    link: { name: link, spec: link, rttMs: 50, lossPct: 0, rateBitsPerSec: 0, appliedAt: 'guest' },
    direction: 'send',
    streams: 1,
    durationSec: 5,
    omitSec: 1,
    samples,
    sampleDetails: [],
    appliedSysctls: [],
    ...(error === undefined ? {} : { error }),
  };
}

describe('renderResultsTable', () => {
  const table = renderResultsTable([
    result('linux/virtio-net-pci/tuned/rtt50ms/send', [1.6e9, 1.7e9, 1.65e9]),
    result('linux/e1000/stock/rtt50ms/send', [402e6]),
    result('linux/e1000e/stock/rtt50ms/send', [], 'guest did not boot:\nkernel panic'),
  ]);
  const lines = table.split('\n');

  it('has a header and one row per scenario', () => {
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^scenario\s+median\s+min – max\s+spread\s+samples\s+error$/);
  });

  it('shows median, range, spread and sample count', () => {
    expect(lines[1]).toMatch(
      /^linux\/virtio-net-pci\/tuned\/rtt50ms\/send\s+1\.65 Gbit\/s\s+1\.60 Gbit\/s – 1\.70 Gbit\/s\s+±3\.0%\s+3$/,
    );
    expect(lines[2]).toMatch(/402 Mbit\/s\s+402 Mbit\/s – 402 Mbit\/s\s+±0\.0%\s+1$/);
  });

  it('shows the error of a failed scenario on one line', () => {
    expect(lines[3]).toMatch(
      /^linux\/e1000e\/stock\/rtt50ms\/send\s+-\s+-\s+-\s+0\s+guest did not boot: kernel panic$/,
    );
  });

  it('aligns the columns', () => {
    const medianEnd = lines[0]!.indexOf('median') + 'median'.length;
    expect(lines[1]!.slice(0, medianEnd)).toMatch(/Gbit\/s$/);
    expect(lines[2]!.slice(0, medianEnd)).toMatch(/Mbit\/s$/);
  });

  it('uses a stored summary when there is one', () => {
    const stored = {
      ...result('linux/e1000/stock/lan/send', [1, 2, 3]),
      summary: { median: 5e6, min: 4e6, max: 6e6 },
    };
    expect(renderResultsTable([stored])).toContain('5.00 Mbit/s');
  });
});

describe('renderProgress', () => {
  it('shows position, key, repetition and ETA', () => {
    expect(
      renderProgress({
        index: 2,
        total: 8,
        key: 'linux/e1000/tuned/rtt50ms/send',
        repetition: 1,
        repetitions: 3,
        etaSec: 80,
      }),
    ).toBe('[2/8] linux/e1000/tuned/rtt50ms/send rep 1/3 (ETA 1m20s)');
  });

  it('leaves the ETA out while there is none', () => {
    expect(renderProgress({ index: 1, total: 1, key: 'k', repetition: 1, repetitions: 1 })).toBe(
      '[1/1] k rep 1/1',
    );
  });
});
