import type { ScenarioResult } from '../../src/model/results.js';
import { renderResultsTable } from '../../src/report/results-table.js';
import { CONTROL, HOSTILE, commandLines } from './hostile.js';

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

describe('renderResultsTable with hostile text', () => {
  it('keeps each scenario on one line, with no workflow command and no control character', () => {
    const table = renderResultsTable([
      result('linux/e1000/stock/lan/send', [], HOSTILE),
      result(`linux/${HOSTILE}`, [1e9]),
    ]);
    expect(table.split('\n')).toHaveLength(3);
    expect(commandLines(table)).toEqual([]);
    expect(table).not.toMatch(CONTROL);
    expect(table).toContain('\\x1b[2J');
  });
});

describe('renderResultsTable with tcp-stats', () => {
  it("adds the TCP sender's figures where any scenario measured them, a blank cell elsewhere", () => {
    const measured = {
      ...result('linux/e1000/stock/rtt50ms/send', [402e6]),
      tcpStats: { retransmits: 2, maxCongestionWindowBytes: 65_536, meanRttMicroseconds: 50_400 },
    };
    const lines = renderResultsTable([measured, result('linux/e1000/tuned/rtt50ms/send', [1e9])]).split('\n');
    expect(lines[0]).toMatch(
      /^scenario\s+median\s+min – max\s+spread\s+samples\s+TCP sender \(median\)\s+error$/,
    );
    expect(lines[1]).toMatch(/\s1\s+max cwnd 64\.0 KiB, retransmits 2, mean RTT 50\.4 ms$/);
    expect(lines[2]).toMatch(/\s1$/);
  });

  it('has no such column without tcp-stats', () => {
    expect(renderResultsTable([result('linux/e1000/stock/rtt50ms/send', [402e6])])).not.toContain('TCP');
  });
});
