// action.yml shows each default to users; the code keeps each default once (model/defaults.ts).
// This test keeps the two in step.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { Inputs } from '../../src/action/names.js';
import {
  ACTION_DEFAULTS,
  BASELINE_WINDOW_DEFAULT,
  DECISION_DEFAULTS,
  GATE_DEFAULTS,
  PAIRED_DEFAULTS,
  RUN_DEFAULTS,
  SEQUENTIAL_DEFAULTS,
} from '../../src/model/defaults.js';

const inputs = (
  parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as {
    inputs: Record<string, { default?: string; description?: string }>;
  }
).inputs;
const shown = (name: string): string | undefined => inputs[name]?.default;

describe('action.yml defaults', () => {
  // Inputs whose Action default differs from the command line's, and why.
  const actionOwn: Partial<Record<keyof typeof RUN_DEFAULTS, string>> = {
    out: ACTION_DEFAULTS.out,
    // The Action's work directory lives under RUNNER_TEMP: empty means that.
    'work-dir': '',
    // Empty: the plain run's default or the paired gate's shorter one, whichever runs. A value
    // here would reach the paired gate too, since a runner passes every input's default.
    duration: '',
  };

  it('are the run defaults, except where the Action has its own', () => {
    const names = Object.keys(RUN_DEFAULTS) as (keyof typeof RUN_DEFAULTS)[];
    const expected = Object.fromEntries(names.map((name) => [name, actionOwn[name] ?? RUN_DEFAULTS[name]]));
    expect(Object.fromEntries(names.map((name) => [name, shown(name)]))).toEqual(expected);
  });

  it('are the decision and baseline defaults', () => {
    expect(Number(shown(Inputs.threshold)) / 100).toBeCloseTo(DECISION_DEFAULTS.threshold, 10);
    expect(Number(shown(Inputs.alpha))).toBe(DECISION_DEFAULTS.alpha);
    expect(Number(shown(Inputs.baselineWindow))).toBe(BASELINE_WINDOW_DEFAULT);
  });

  it('are the paired gate defaults', () => {
    // Empty: the sequential design's cap, or the fixed design's pairs with `sequential: false`.
    expect(shown('pairs')).toBe('');
    expect(shown('sequential')).toBe(String(SEQUENTIAL_DEFAULTS.on));
    expect(inputs.pairs?.description).toContain(`(empty means ${SEQUENTIAL_DEFAULTS.pairs})`);
    expect(inputs.pairs?.description).toContain(`(empty means ${PAIRED_DEFAULTS.pairs})`);
    expect(shown(Inputs.onInconclusive)).toBe(GATE_DEFAULTS.onInconclusive);
    expect(shown(Inputs.onError)).toBe(GATE_DEFAULTS.onError);
    expect(shown('always-measure')).toBe('false');
  });

  it('are the Action-only defaults', () => {
    expect(shown(Inputs.mode)).toBe(ACTION_DEFAULTS.mode);
    expect(shown(Inputs.verdictsOut)).toBe(ACTION_DEFAULTS.verdictsOut);
    expect(shown(Inputs.reportOut)).toBe(ACTION_DEFAULTS.reportOut);
    expect(shown(Inputs.failOnRegression)).toBe(String(ACTION_DEFAULTS.failOnRegression));
    expect(shown(Inputs.commentOnPr)).toBe(String(ACTION_DEFAULTS.commentOnPr));
    expect(shown(Inputs.guestCache)).toBe(String(ACTION_DEFAULTS.guestCache));
  });
});
