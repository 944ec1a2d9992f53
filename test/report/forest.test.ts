import { axisRow, chooseScale, HALF_WIDTH, plotRow, type Scale } from '../../src/report/forest.js';

const WIDTH = 2 * HALF_WIDTH + 1;
/** ±20% with the ±5% threshold four columns from zero. */
const SCALE: Scale = { half: 0.2, thresholdColumns: 4 };

describe('chooseScale', () => {
  it('covers every change and bound, rounded up, symmetric around zero', () => {
    expect(chooseScale([{ change: -0.08, interval: { low: -0.101, high: -0.06 } }]).half).toBe(0.2);
    expect(chooseScale([{ change: 0.3, interval: { low: 0.2, high: 0.45 } }]).half).toBe(0.5);
    expect(chooseScale([{ change: -0.5 }, { change: 0.01 }]).half).toBe(0.5);
  });

  it('keeps the threshold well inside the edges and says where its marks go', () => {
    expect(chooseScale([{ change: 0.001 }], 0.05)).toEqual({ half: 0.1, thresholdColumns: 8 });
    expect(chooseScale([{ change: -0.12, interval: { low: -0.15, high: -0.09 } }], 0.05)).toEqual(SCALE);
  });

  it('has a floor for a flat matrix, and drops threshold marks that would sit on zero', () => {
    expect(chooseScale([{ change: 0 }])).toEqual({ half: 0.01 });
    expect(chooseScale([{ change: 9 }], 0.05)).toEqual({ half: 10 });
    expect(chooseScale([{ change: 0.02 }], 0)).toEqual({ half: 0.02 });
  });

  it('leaves unknown bounds out of the scale', () => {
    const open = { change: 0.1, interval: { low: 0.05, high: Number.POSITIVE_INFINITY } };
    expect(chooseScale([open]).half).toBe(0.1);
    expect(chooseScale([{ change: 0.1, interval: { low: Number.NaN, high: 0.2 } }]).half).toBe(0.2);
  });
});

describe('plotRow', () => {
  it('draws a drop left of zero: the interval as a bar, the estimate as a dot', () => {
    const row = plotRow({ change: -0.1, interval: { low: -0.15, high: -0.05 } }, SCALE);
    expect(row).toHaveLength(WIDTH);
    // -15% at column 4, -10% at 7, -5% (on the threshold mark) at 11, zero at 15.
    expect(row).toBe('    ├──●───┤   │   :           ');
  });

  it('draws an improvement right of zero', () => {
    expect(plotRow({ change: 0.12, interval: { low: 0.09, high: 0.15 } }, SCALE)).toBe(
      '           :   │   :  ├─●─┤    ',
    );
  });

  it('marks where an interval crosses zero', () => {
    expect(plotRow({ change: -0.01, interval: { low: -0.04, high: 0.03 } }, SCALE)).toBe(
      '           :├─●┼─┤ :           ',
    );
  });

  it('runs an unknown end to the edge with an arrow', () => {
    expect(plotRow({ change: 0.1, interval: { low: 0.05, high: Number.POSITIVE_INFINITY } }, SCALE)).toBe(
      '           :   │   ├───●──────>',
    );
    expect(plotRow({ change: -0.1, interval: { low: Number.NaN, high: -0.05 } }, SCALE)).toBe(
      '<──────●───┤   │   :           ',
    );
  });

  it('draws the dot alone without an interval or when the interval is one column', () => {
    expect(plotRow({ change: 0.1 }, SCALE)).toBe('           :   │   :   ●       ');
    expect(plotRow({ change: 0, interval: { low: -0.001, high: 0.001 } }, SCALE)).toBe(
      '           :   ●   :           ',
    );
  });

  it('rounds alike either side of zero', () => {
    const left = plotRow({ change: -0.1 }, SCALE);
    const right = plotRow({ change: 0.1 }, SCALE);
    expect(15 - left.indexOf('●')).toBe(right.indexOf('●') - 15);
  });

  it('draws bounds given in the wrong order as the span they name', () => {
    const row = plotRow({ change: 0.12, interval: { low: 0.15, high: 0.09 } }, SCALE);
    expect(row).toBe(plotRow({ change: 0.12, interval: { low: 0.09, high: 0.15 } }, SCALE));
  });

  it('leaves the threshold out when the scale has none', () => {
    expect(plotRow({ change: 0.005 }, { half: 0.01 })).toBe(
      `${' '.repeat(15)}│${' '.repeat(7)}●${' '.repeat(7)}`,
    );
  });
});

describe('axisRow', () => {
  it('marks the edges, zero and the thresholds, as wide as a row', () => {
    const axis = axisRow(SCALE, 0.05);
    expect(axis).toHaveLength(WIDTH);
    expect(axis).toBe('-20%      -5%  0  +5%      +20%');
  });

  it('leaves out threshold labels that would run into others', () => {
    expect(axisRow({ half: 0.1, thresholdColumns: 1 }, 0.0067)).toBe('-10%           0           +10%');
  });

  it('writes fractional edges without trailing zeros', () => {
    expect(axisRow({ half: 0.025 })).toBe('-2.5%          0          +2.5%');
  });
});
