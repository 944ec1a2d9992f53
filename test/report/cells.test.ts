import {
  bitrateCell,
  changeCell,
  changeHeader,
  CONSOLE_CELLS,
  MARKDOWN_CELLS,
  mediansOf,
  pValueCell,
} from '../../src/report/cells.js';
import type { Verdict } from '../../src/model/verdicts.js';
import { comparison, REGRESSION } from './fixtures.js';

const NEW: Verdict = { key: 'k', kind: 'new', reason: 'r', currentMedian: 5e8, currentCount: 5 };
const ERROR: Verdict = { key: 'k', kind: 'error', reason: 'r', error: 'e' };
const INCONCLUSIVE: Verdict = {
  key: 'k',
  kind: 'inconclusive',
  reason: 'r',
  baselineMedian: 3e9,
  currentMedian: 3.1e9,
  relativeChange: 0.0333,
};

describe('bitrateCell', () => {
  it('formats a rate, and puts the style’s placeholder where there is none', () => {
    expect(bitrateCell(9.4e8, MARKDOWN_CELLS)).toBe('940 Mbit/s');
    expect(bitrateCell(undefined, MARKDOWN_CELLS)).toBe('—');
    expect(bitrateCell(undefined, CONSOLE_CELLS)).toBe('-');
    expect(bitrateCell(Number.NaN, CONSOLE_CELLS)).toBe('-');
  });
});

describe('changeCell', () => {
  it('follows the change with its interval, in each style’s brackets', () => {
    expect(changeCell(REGRESSION, MARKDOWN_CELLS)).toBe('-8.2% (-10.1% … -6.0%)');
    expect(changeCell(REGRESSION, CONSOLE_CELLS)).toBe('-8.2% [-10.1%, -6.0%]');
  });

  it('writes a change without an interval alone, and a placeholder where there is no change', () => {
    expect(changeCell(INCONCLUSIVE, CONSOLE_CELLS)).toBe('+3.3%');
    expect(changeCell(NEW, MARKDOWN_CELLS)).toBe('—');
    expect(changeCell(ERROR, CONSOLE_CELLS)).toBe('-');
  });

  it('writes an interval end that is not finite (earlier files wrote +Infinity) as unknown', () => {
    const open: Verdict = {
      key: 'k',
      kind: 'improvement',
      reason: 'r',
      ...comparison(1e9, 2e9, 0.5, Infinity),
    };
    expect(changeCell(open, CONSOLE_CELLS)).toBe('+100.0% [+50.0%, ?]');
    expect(changeCell(open, MARKDOWN_CELLS)).toBe('+100.0% (+50.0% … ?)');
  });
});

describe('pValueCell', () => {
  it('writes the p-value, or the placeholder', () => {
    expect(pValueCell(REGRESSION, CONSOLE_CELLS)).toBe('p = 0.001');
    expect(pValueCell(NEW, CONSOLE_CELLS)).toBe('-');
  });
});

describe('changeHeader', () => {
  it('names the one level every interval shares, in the style’s brackets', () => {
    expect(changeHeader([REGRESSION, NEW], MARKDOWN_CELLS)).toBe('change (95% CI)');
    expect(changeHeader([REGRESSION], CONSOLE_CELLS)).toBe('change [95% CI]');
  });

  it('claims no level when intervals differ, and no interval when there is none', () => {
    const ninety: Verdict = {
      ...REGRESSION,
      confidenceInterval: { level: 0.9, low: -0.1, high: -0.05 },
    } as Verdict;
    expect(changeHeader([REGRESSION, ninety], MARKDOWN_CELLS)).toBe('change (CI)');
    expect(changeHeader([NEW, ERROR], CONSOLE_CELLS)).toBe('change');
  });
});

describe('mediansOf', () => {
  it('reads whichever medians the kind carries', () => {
    expect(mediansOf(REGRESSION)).toEqual({ baseline: 9.4e8, current: 8.63e8 });
    expect(mediansOf(NEW)).toEqual({ baseline: undefined, current: 5e8 });
    expect(mediansOf(ERROR)).toEqual({ baseline: undefined, current: undefined });
  });
});
