import { readFileSync } from 'node:fs';
import { parsePingOutput } from '../../src/ping/output.js';
import { latencyIncreaseMs, rttFigures } from '../../src/ping/rtt-figures.js';

function figuresOf(name: string): ReturnType<typeof rttFigures> {
  return rttFigures(
    parsePingOutput(readFileSync(new URL(`../../fixtures/ping/${name}.txt`, import.meta.url), 'utf8')),
  );
}

describe('rttFigures', () => {
  it('takes the median and the 95th percentile of the replies (type 7)', () => {
    // Sorted: .039 .040 .042 .042 .042 .042 .045 .049 .049 .076; p95 at h = 8.55.
    const figures = figuresOf('loopback-count10');
    expect(figures.transmitted).toBe(10);
    expect(figures.received).toBe(10);
    expect(figures.medianMs).toBeCloseTo(0.042, 12);
    expect(figures.p95Ms).toBeCloseTo(0.049 + 0.55 * (0.076 - 0.049), 12);
  });

  it("counts each probe's first reply once, leaving duplicates out of the RTTs", () => {
    // First replies: 101, 12.4, 3.07, 250 ms.
    const figures = figuresOf('handmade-duplicates-errors');
    expect(figures.received).toBe(4);
    expect(figures.transmitted).toBe(7);
    expect(figures.medianMs).toBeCloseTo((12.4 + 101) / 2, 12);
    expect(figures.p95Ms).toBeCloseTo(101 + 0.85 * (250 - 101), 12);
  });

  it('gives no RTT figures when nothing answered', () => {
    expect(figuresOf('handmade-no-reply')).toEqual({ transmitted: 5, received: 0 });
  });

  it('takes the highest probe number seen when ping printed no statistics', () => {
    expect(figuresOf('loopback-sigterm')).toMatchObject({ transmitted: 6, received: 6 });
    expect(figuresOf('handmade-truncated')).toMatchObject({ transmitted: 5, received: 5 });
  });
});

describe('latencyIncreaseMs', () => {
  it('is the rise of the median under load over the idle one, and may be negative', () => {
    expect(
      latencyIncreaseMs(
        { transmitted: 5, received: 5, medianMs: 100.5 },
        { transmitted: 10, received: 10, medianMs: 180 },
      ),
    ).toBe(79.5);
    expect(
      latencyIncreaseMs(
        { transmitted: 5, received: 5, medianMs: 2 },
        { transmitted: 10, received: 10, medianMs: 1.5 },
      ),
    ).toBe(-0.5);
  });

  it('is absent when either window had no reply', () => {
    expect(
      latencyIncreaseMs({ transmitted: 5, received: 0 }, { transmitted: 10, received: 10, medianMs: 1 }),
    ).toBeUndefined();
  });
});
