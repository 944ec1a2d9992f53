import type { Verdict, VerdictKind } from '../../src/model/verdicts.js';
import { inAttentionOrder, renderHeadline, VERDICT_ICONS } from '../../src/report/verdict-labels.js';
import { mixedVerdicts } from './fixtures.js';

const kinds = (verdicts: readonly Verdict[]): VerdictKind[] => verdicts.map((v) => v.kind);

describe('renderHeadline', () => {
  it('counts each kind, most urgent first, with plurals only where English has them', () => {
    expect(renderHeadline(mixedVerdicts())).toBe(
      '2 regressions, 1 error, 1 improvement, 1 inconclusive, 1 missing, 1 new, 1 unchanged',
    );
    const twice = [...mixedVerdicts(), ...mixedVerdicts()];
    expect(renderHeadline(twice)).toBe(
      '4 regressions, 2 errors, 2 improvements, 2 inconclusive, 2 missing, 2 new, 2 unchanged',
    );
  });

  it('says so when there is nothing', () => {
    expect(renderHeadline([])).toBe('no scenarios');
  });
});

describe('inAttentionOrder', () => {
  it('puts regressions first and unchanged last, keeping order within a kind', () => {
    const ordered = inAttentionOrder(mixedVerdicts());
    expect(kinds(ordered)).toEqual([
      'regression',
      'regression',
      'error',
      'improvement',
      'inconclusive',
      'missing',
      'new',
      'unchanged',
    ]);
    expect(ordered.slice(0, 2).map((v) => v.key)).toEqual([
      'linux/e1000/tuned/rtt50ms/send',
      'linux/virtio-net-pci/stock/rtt50ms/send',
    ]);
  });

  it('leaves its input alone', () => {
    const verdicts = mixedVerdicts();
    const before = kinds(verdicts);
    inAttentionOrder(verdicts);
    expect(kinds(verdicts)).toEqual(before);
  });
});

describe('VERDICT_ICONS', () => {
  it('gives every kind its own icon', () => {
    expect(new Set(Object.values(VERDICT_ICONS)).size).toBe(Object.keys(VERDICT_ICONS).length);
    expect(VERDICT_ICONS.regression).toBe('🔴');
  });
});
