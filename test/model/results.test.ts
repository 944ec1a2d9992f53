import { FileFormatError } from '../../src/common/errors.js';
import { parseResultsJson, RESULTS_SCHEMA_VERSION, upgradeResults } from '../../src/model/results.js';
import { results, scenario } from '../baseline/sample-results.js';

const tcpScenario = {
  ...scenario('linux/e1000/stock/lan/send', [1e9, 1.1e9]),
  metrics: ['throughput', 'tcp-stats'],
  tcpStats: { retransmits: 2, meanRttMicroseconds: 80, maxCongestionWindowBytes: 65536 },
  sampleDetails: [
    { bitsPerSecond: 1e9, iperf3End: {}, tcp: { source: 'server', retransmits: 2 } },
    { bitsPerSecond: 1.1e9, iperf3End: {}, tcp: { source: 'none', retransmits: 2 } },
  ],
};

describe('the results file, version 2', () => {
  it("is written as version 2 and carries TCP's own figures per repetition and scenario", () => {
    expect(RESULTS_SCHEMA_VERSION).toBe(2);
    const read = parseResultsJson(JSON.stringify(results([tcpScenario as never])), 'r.json');
    expect(read.scenarios[0]!.tcpStats).toEqual(tcpScenario.tcpStats);
    expect(read.scenarios[0]!.metrics).toEqual(['throughput', 'tcp-stats']);
    expect(read.scenarios[0]!.sampleDetails[0]!.tcp).toEqual({ source: 'server', retransmits: 2 });
  });

  it('reads a version 1 file (no metrics) as version 2', () => {
    const old = { ...results([scenario('linux/e1000/stock/lan/send', [1e9])]), schemaVersion: 1 };
    const read = parseResultsJson(JSON.stringify(old), 'old.json');
    expect(read.schemaVersion).toBe(2);
    expect(read.scenarios[0]!.samples).toEqual([1e9]);
    expect(upgradeResults({ schemaVersion: 3 })).toEqual({ schemaVersion: 3 });
  });

  it('refuses a newer version, and checks a version 1 file against the version 2 shape', () => {
    const newer = { ...results([]), schemaVersion: 3 };
    expect(() => parseResultsJson(JSON.stringify(newer), 'new.json')).toThrow(
      'new.json: has schemaVersion 3; this nicgate reads results files of schemaVersion 2 only',
    );
    const bad = { ...results([{ ...tcpScenario, metrics: ['bandwidth'] } as never]), schemaVersion: 1 };
    expect(() => parseResultsJson(JSON.stringify(bad), 'bad.json')).toThrow(FileFormatError);
  });

  it('refuses a figure of 0 for an RTT or a window (iperf3 writes 0 for "not reported")', () => {
    const zero = { ...tcpScenario, tcpStats: { maxCongestionWindowBytes: 0 } };
    expect(() => parseResultsJson(JSON.stringify(results([zero as never])), 'z.json')).toThrow(
      /z\.json: is not a valid results file at scenarios\[0\]\.tcpStats\.maxCongestionWindowBytes/,
    );
  });
});
