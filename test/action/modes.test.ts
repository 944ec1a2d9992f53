import { ACTION_MODES, MODE_STEPS, parseActionMode } from '../../src/action/modes.js';

describe('action modes', () => {
  it('has a row for every mode', () => {
    expect(Object.keys(MODE_STEPS).sort()).toEqual([...ACTION_MODES].sort());
  });

  it('measures in the baseline modes and merges files in aggregate and comment', () => {
    expect(ACTION_MODES.filter((mode) => MODE_STEPS[mode].results === 'merge')).toEqual([
      'aggregate',
      'comment',
    ]);
    expect(MODE_STEPS.comment.verdicts).toBe('file');
    expect(MODE_STEPS.measure).toMatchObject({ verdicts: 'none', comment: false });
    expect(MODE_STEPS.record.baselineMode).toBe('record');
  });

  it('parses a mode, defaulting to auto', () => {
    expect(parseActionMode('')).toBe('auto');
    expect(parseActionMode(' comment ')).toBe('comment');
    expect(() => parseActionMode('always')).toThrow(
      'mode: "always" is not a mode (auto, compare, record, measure, aggregate, comment)',
    );
  });
});
