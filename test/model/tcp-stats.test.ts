import { medianTcpStats } from '../../src/model/tcp-stats.js';

describe('medianTcpStats', () => {
  it("takes each figure's median over the repetitions that reported it", () => {
    expect(
      medianTcpStats([
        { retransmits: 0, maxCongestionWindowBytes: 1000, meanRttMicroseconds: 50 },
        { retransmits: 4, maxCongestionWindowBytes: 3000 },
        { retransmits: 1, maxCongestionWindowBytes: 2000, meanRttMicroseconds: 70 },
        undefined,
      ]),
    ).toEqual({ retransmits: 1, maxCongestionWindowBytes: 2000, meanRttMicroseconds: 60 });
  });

  it('is undefined where nothing was reported, so a run without tcp-stats adds nothing', () => {
    expect(medianTcpStats([undefined, undefined])).toBeUndefined();
    expect(medianTcpStats([])).toBeUndefined();
    expect(medianTcpStats([{}])).toBeUndefined();
  });
});
