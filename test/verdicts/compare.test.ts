import { type BaselineFile } from '../../src/model/baseline.js';
import type { Environment } from '../../src/model/environment.js';
import { renderVerdictTable } from '../../src/report/verdict-table.js';
import { renderHeadline } from '../../src/report/verdict-labels.js';
import type { ResultsFile } from '../../src/model/results.js';
import { verdictsFileSchema, type Verdict } from '../../src/model/verdicts.js';
import { compareWithBaseline, verdictsFor, verdictsWithoutBaseline } from '../../src/verdicts/compare.js';
import { results, scenario } from '../baseline/sample-results.js';
import { appendRun, baselineFromResultsFile } from '../../src/baseline/runs.js';
import { baselineRunFromResults } from '../../src/baseline/runs.js';
import { mergeResults } from '../../src/results/merge.js';

const KEY = 'linux/virtio-net-pci/tuned/rtt50ms/send';
const OTHER = 'linux/e1000/tuned/rtt50ms/send';
const options = { threshold: 0.05, alpha: 0.01, allowEnvironmentChange: false, source: 'test' };

/** Five repetitions around `center` (±0.8%), median exactly `center`. */
const around = (center: number, n = 5): number[] =>
  Array.from({ length: n }, (_, i) => center * (1 + (i - (n - 1) / 2) * 0.004));

/** Run-to-run wobble of ±1.5%: the history's run medians, a repetition's spread inside each. */
const WOBBLE = [0, 0.01, -0.01, 0.005, -0.005, 0.015, -0.015, 0, 0.01, -0.005, 0.005, -0.01];

function baselineOf(runs: ResultsFile[], window = 20): BaselineFile {
  let baseline: BaselineFile | undefined;
  runs.forEach(
    (run, i) =>
      (baseline = appendRun(baseline, baselineRunFromResults(run, { runId: `r${i}` }), 'main', window)),
  );
  return baseline!;
}

/** `count` runs of KEY around 1 Gbit/s and OTHER around 500 Mbit/s, in environment `env`. */
function history(count: number, env: (i: number) => Partial<Environment> = () => ({})): ResultsFile[] {
  return Array.from({ length: count }, (_, i) => {
    const w = 1 + WOBBLE[i % WOBBLE.length]!;
    return results([scenario(KEY, around(1e9 * w)), scenario(OTHER, around(5e8 * w))], env(i));
  });
}

function verdictOf(file: ReturnType<typeof compareWithBaseline>, key = KEY): Verdict {
  return file.verdicts.find((v) => v.key === key)!;
}

describe('compareWithBaseline', () => {
  const base = baselineOf(history(12));

  it('judges the run median against the history of run medians: a clear drop regresses', () => {
    const file = compareWithBaseline(
      results([scenario(KEY, around(8e8)), scenario(OTHER, around(5e8))]),
      base,
      options,
    );
    const verdict = verdictOf(file);
    expect(verdict).toMatchObject({
      kind: 'regression',
      basis: 'stored-baseline',
      history: { runs: 12, needed: 10 },
      baselineMedian: 1e9,
      currentMedian: 8e8,
      baselineCount: 12,
      currentCount: 5,
      method: 'normal',
    });
    if (verdict.kind !== 'regression') throw new Error('unreachable');
    expect(verdict.relativeChange).toBeCloseTo(-0.2, 10);
    expect(verdict.reason).toMatch(/falls below the band of 12 runs/);
    expect(verdictOf(file, OTHER).kind).toBe('unchanged');
    expect(file.regressed).toBe(true);
    expect(file.baseline.runs.map((r) => r.runId)).toEqual(Array.from({ length: 12 }, (_, i) => `r${i}`));
    expect(verdictsFileSchema.parse(JSON.parse(JSON.stringify(file)))).toEqual(file);
  });

  it('calls an A/A run unchanged, and a drop within the threshold no regression', () => {
    for (const level of [1e9, 1.004e9, 0.99e9, 0.97e9]) {
      const file = compareWithBaseline(results([scenario(KEY, around(level))]), base, options);
      expect(verdictOf(file).kind).not.toBe('regression');
      expect(file.regressed).toBe(false);
    }
    const same = compareWithBaseline(results([scenario(KEY, around(1.003e9))]), base, options);
    expect(verdictOf(same).kind).toBe('unchanged');
  });

  it('is not fooled by one drifted run in the history (run medians 1.98, 2.02, 1.17, 2.06, ...)', () => {
    const medians = [1.98, 2.02, 1.17, 2.06, 1.98, 2.01, 1.99, 2.03, 2.0, 1.97, 2.04, 1.96];
    const drifted = baselineOf(medians.map((m) => results([scenario(KEY, around(m * 1e9))])));
    const aa = verdictOf(compareWithBaseline(results([scenario(KEY, around(2.0e9))]), drifted, options));
    expect(aa).toMatchObject({ kind: 'unchanged', baselineMedian: 1.995e9 });
    const drop = verdictOf(compareWithBaseline(results([scenario(KEY, around(1.6e9))]), drifted, options));
    expect(drop.kind).toBe('regression');
  });

  it('gives numbers only below the minimum history, whatever the change', () => {
    const four = baselineOf(history(4));
    const file = compareWithBaseline(results([scenario(KEY, around(5e8))]), four, options);
    expect(verdictOf(file)).toEqual({
      key: KEY,
      kind: 'inconclusive',
      reason: 'history has 4 of the 10 runs needed; numbers only',
      baselineMedian: 1e9 * (1 + 0.0025),
      currentMedian: 5e8,
      relativeChange: 5e8 / (1e9 * 1.0025) - 1,
      baselineCount: 4,
      currentCount: 5,
      basis: 'stored-baseline',
      history: { runs: 4, needed: 10 },
    });
    expect(file.regressed).toBe(false);
    const lower = compareWithBaseline(results([scenario(KEY, around(5e8))]), four, {
      ...options,
      minHistory: 4,
    });
    expect(verdictOf(lower).kind).toBe('regression');
  });

  it('gives numbers only against a single results file used as the baseline', () => {
    const one = baselineFromResultsFile(history(1)[0]!, 'main.json');
    const verdict = verdictOf(compareWithBaseline(results([scenario(KEY, around(5e8))]), one, options));
    expect(verdict).toMatchObject({ kind: 'inconclusive', baselineMedian: 1e9, relativeChange: -0.5 });
    expect(verdict.reason).toBe(
      'history has 1 of the 10 runs needed; numbers only; the baseline keeps at most 1 run, fewer than the 10 needed',
    );
  });

  it('judges a single results file by the single-runs rule when asked (compare --baseline FILE)', () => {
    const one = baselineFromResultsFile(history(1)[0]!, 'main.json');
    const asked = { ...options, singleRuns: true };
    const drop = verdictOf(compareWithBaseline(results([scenario(KEY, around(5e8))]), one, asked));
    expect(drop).toMatchObject({ kind: 'regression', baselineMedian: 1e9, relativeChange: -0.5 });
    expect(drop.reason).toMatch(
      /^single runs: every repetition of this run lies more than the 5\.0% threshold below/,
    );
    const file = compareWithBaseline(results([scenario(KEY, around(1e9))]), one, asked);
    expect(file.regressed).toBe(false);
    expect(verdictOf(file).kind).toBe('inconclusive');
    // Unchanged is never claimed from one run each; the window note stays where nothing was called.
    expect(verdictOf(file).reason).toMatch(
      /^single runs: every repetition lies within .* cannot show that nothing changed; .*; the baseline keeps at most 1 run/,
    );
    // Two runs of history are no single run: numbers only, as before.
    const two = baselineOf(history(2));
    const short = verdictOf(compareWithBaseline(results([scenario(KEY, around(5e8))]), two, asked));
    expect(short.reason).toBe('history has 2 of the 10 runs needed; numbers only');
  });

  it('says when the baseline keeps fewer runs than the rule needs', () => {
    const small = baselineOf(history(5), 5);
    const verdict = verdictOf(compareWithBaseline(results([scenario(KEY, around(1e9))]), small, options));
    expect(verdict.reason).toBe(
      'history has 5 of the 10 runs needed; numbers only; the baseline keeps at most 5 runs, fewer than the 10 needed',
    );
  });

  it('sets aside runs on another testbed, saying how many and why', () => {
    const xeon = 'Intel(R) Xeon(R) Platinum 8370C CPU @ 2.80GHz';
    const mixed = baselineOf([
      ...history(3, () => ({ hostCpuModel: xeon })).map((r) => ({
        ...r,
        scenarios: r.scenarios.map((s) => ({ ...s, samples: s.samples.map((x) => x * 1.5) })),
      })),
      ...history(12),
    ]);
    const onEpyc = verdictOf(compareWithBaseline(results([scenario(KEY, around(1e9))]), mixed, options));
    expect(onEpyc).toMatchObject({ kind: 'unchanged', baselineCount: 12, baselineMedian: 1e9 });
    expect(onEpyc.reason).toMatch(
      new RegExp(
        `; 3 runs on another testbed \\(host CPU ${xeon.replace(/[()@.]/g, '\\$&')} → AMD EPYC 7763 64-Core Processor\\) set aside$`,
      ),
    );
    const onXeon = verdictOf(
      compareWithBaseline(results([scenario(KEY, around(1.5e9))], { hostCpuModel: xeon }), mixed, options),
    );
    expect(onXeon).toMatchObject({
      kind: 'inconclusive',
      history: { runs: 3, needed: 10 },
      baselineMedian: 1.5e9,
    });
    expect(onXeon.reason).toBe(
      `history has 3 of the 10 runs needed; numbers only; 12 runs on another testbed (host CPU AMD EPYC 7763 64-Core Processor → ${xeon}) set aside`,
    );
  });

  it('names at most three differences when runs are set aside', () => {
    const varied = baselineOf([...history(4, (i) => ({ qemuVersion: `9.${i}` })), ...history(10)]);
    const verdict = verdictOf(compareWithBaseline(results([scenario(KEY, around(1e9))]), varied, options));
    expect(verdict.reason).toMatch(
      /; 4 runs on another testbed \(QEMU 9\.0 → 8\.2\.2; QEMU 9\.1 → 8\.2\.2; QEMU 9\.2 → 8\.2\.2; and 1 more\) set aside$/,
    );
  });

  it('uses the last `window` runs of the testbed as the history', () => {
    const long: BaselineFile = { ...baselineOf(history(12), 50), window: 10 };
    const verdict = verdictOf(compareWithBaseline(results([scenario(KEY, around(1e9))]), long, options));
    expect(verdict).toMatchObject({ baselineCount: 10, history: { runs: 10, needed: 10 } });
  });

  it('makes a drop on a slowed host inconclusive: environment differs, never a regression', () => {
    const probed = baselineOf(history(12, (i) => ({ hostProbe: { cpuScore: 1000 + (i % 4) * 5 } })));
    const slowed = results([scenario(KEY, around(6e8))], { hostProbe: { cpuScore: 700 } });
    const file = compareWithBaseline(slowed, probed, options);
    const verdict = verdictOf(file);
    expect(verdict.kind).toBe('inconclusive');
    expect(verdict.reason).toMatch(
      /^environment differs: host CPU probe 700 lies below the band of 12 runs' probes \(\d+ to \d+, median 1008\); a -40\.0% change is not judged$/,
    );
    expect(file.regressed).toBe(false);
    // The same drop with the host as fast as ever, or without a probe, is a regression.
    const steady = results([scenario(KEY, around(6e8))], { hostProbe: { cpuScore: 1004 } });
    expect(verdictOf(compareWithBaseline(steady, probed, options)).kind).toBe('regression');
    expect(verdictOf(compareWithBaseline(results([scenario(KEY, around(6e8))]), probed, options)).kind).toBe(
      'regression',
    );
  });

  it('marks new, missing and failed scenarios', () => {
    const current = results([
      scenario('linux/e1000e/stock/lan/send', around(1e9, 3)),
      scenario(OTHER, [], { error: 'guest did not start' }),
    ]);
    const file = compareWithBaseline(current, base, options);
    const kinds = Object.fromEntries(file.verdicts.map((v) => [v.key, v.kind]));
    expect(kinds).toEqual({ 'linux/e1000e/stock/lan/send': 'new', [OTHER]: 'error', [KEY]: 'missing' });
    expect(verdictOf(file)).toMatchObject({ kind: 'missing', baselineMedian: 1e9, baselineCount: 12 });
    expect(file.verdicts.every((v) => v.basis === 'stored-baseline')).toBe(true);
  });

  it('never calls a change under another accelerator a regression, unless allowed', () => {
    const current = results([scenario(KEY, around(5e8))], { accelerator: 'tcg' });
    const blocked = compareWithBaseline(current, base, options).verdicts[0]!;
    expect(blocked).toMatchObject({ kind: 'inconclusive', baselineCount: 12, baselineMedian: 1e9 });
    expect(blocked.reason).toBe(
      'baseline measured in another environment (accelerator kvm → tcg); pass allow-environment-change to compare anyway',
    );
    const allowed = compareWithBaseline(current, base, { ...options, allowEnvironmentChange: true });
    expect(allowed.verdicts[0]!).toMatchObject({ kind: 'regression', history: { runs: 12, needed: 10 } });
    expect(allowed.environmentNotes).toContain('accelerator kvm → tcg');
  });

  it('uses only the baseline runs whose environment matches', () => {
    const oldKernel = history(3, () => ({ guestKernel: '5.10' })).map((r) => ({
      ...r,
      scenarios: r.scenarios.map((s) => ({ ...s, samples: s.samples.map((x) => x * 2) })),
    }));
    const mixed = baselineOf([...oldKernel, ...history(12)]);
    const verdict = verdictOf(compareWithBaseline(results([scenario(KEY, around(1e9))]), mixed, options));
    expect(verdict).toMatchObject({ kind: 'unchanged', baselineCount: 12 });
    expect(verdict.reason).toContain('; 3 runs on another testbed (guest image 5.10 (');
  });

  it('says when a profile changed since the baseline', () => {
    const changed = scenario(KEY, around(8e8), {
      profile: {
        name: 'tuned',
        source: 'tuning.conf',
        sysctls: [{ name: 'net.ipv4.tcp_wmem', value: '4096 16384 65536' }],
      },
    });
    const verdict = compareWithBaseline(results([changed, scenario(OTHER, around(5e8))]), base, options)
      .verdicts[0]!;
    expect(verdict.kind).toBe('regression');
    expect(verdict.reason).toMatch(/; profile tuned changed since the baseline$/);
  });

  it('judges each scenario of a merged matrix in its own environment', () => {
    // KVM baseline; the e1000 job of this run fell back to TCG and is far slower for it.
    const merged = mergeResults([
      { source: 'kvm.json', results: results([scenario(KEY, around(1e9))], { accelerator: 'kvm' }) },
      { source: 'tcg.json', results: results([scenario(OTHER, around(1e8))], { accelerator: 'tcg' }) },
    ]).results;
    const file = compareWithBaseline(merged, base, options);
    const byKey = Object.fromEntries(file.verdicts.map((v) => [v.key, v]));
    expect(byKey[KEY]!.kind).toBe('unchanged');
    expect(byKey[OTHER]!.kind).toBe('inconclusive');
    expect(byKey[OTHER]!.reason).toContain('accelerator kvm → tcg');
    expect(file.environmentNotes).toEqual(['accelerator kvm → tcg']);
    expect(file.regressed).toBe(false);
  });

  it('never reads a scenario key from an object prototype', () => {
    for (const key of ['toString', 'hasOwnProperty', 'valueOf']) {
      const file = compareWithBaseline(results([scenario(key, around(1e9))]), base, options);
      expect(file.verdicts.find((v) => v.key === key)!.kind).toBe('new');
    }
  });

  it('treats every scenario as new without a baseline', () => {
    const file = verdictsWithoutBaseline(results([scenario(KEY, around(1e9, 3))]), options);
    expect(file.verdicts.map((v) => v.kind)).toEqual(['new']);
    expect(file.regressed).toBe(false);
    const none = verdictsFor(results([scenario(KEY, around(1e9, 3))]), undefined, options);
    expect(none.baseline.source).toBe('none found');
  });
});

describe('verdict reports', () => {
  const base = baselineOf(history(12));
  const file = compareWithBaseline(
    results(
      [
        scenario(KEY, around(8e8)),
        scenario(OTHER, around(6e8)),
        scenario('linux/x|<b>/stock/lan/send', [1e9]),
      ],
      { hostCpuModel: 'AMD EPYC 7763 64-Core Processor' },
    ),
    base,
    options,
  );

  it('headlines the counts, regressions first', () => {
    expect(renderHeadline(file.verdicts)).toBe('1 regression, 1 improvement, 1 new');
  });

  it('renders a console table with medians, change, CI and p-value', () => {
    const table = renderVerdictTable(file);
    expect(table).toContain(KEY);
    expect(table).toMatch(
      /1\.00 Gbit\/s\s+800 Mbit\/s\s+-20\.0% \[-\d+\.\d%, -\d+\.\d%\]\s+p < 0\.0001\s+regression/,
    );
  });
});

describe('a merged matrix recorded as a baseline', () => {
  const kvmKey = 'linux/virtio-net-pci/tuned/lan/send';
  const tcgKey = 'linux/e1000/tuned/lan/send';
  const samples = [4.0e8, 4.1e8, 3.9e8, 4.0e8, 4.05e8];
  const merged = (i: number) =>
    mergeResults([
      {
        source: 'kvm.json',
        results: results([
          scenario(
            kvmKey,
            samples.map((x) => x * 20 * (1 + WOBBLE[i]!)),
          ),
        ]),
      },
      {
        source: 'tcg.json',
        results: results(
          [
            scenario(
              tcgKey,
              samples.map((x) => x * (1 + WOBBLE[i]!)),
            ),
          ],
          { accelerator: 'tcg' },
        ),
      },
    ]).results;
  let baseline: BaselineFile | undefined;
  for (let i = 0; i < 10; i++)
    baseline = appendRun(baseline, baselineRunFromResults(merged(i), { runId: `m${i}` }), 'main');

  it('keeps each scenario measured elsewhere than its run with its own environment', () => {
    expect(baseline!.runs[0]!.environment.accelerator).toBe('kvm');
    expect(baseline!.runs[0]!.scenarios[tcgKey]!.environment?.accelerator).toBe('tcg');
    expect(baseline!.runs[0]!.scenarios[kvmKey]!.environment).toBeUndefined();
  });

  it('compares a later TCG run of the TCG scenario, and blocks it against the KVM one', () => {
    const later = results([scenario(tcgKey, samples), scenario(kvmKey, samples)], { accelerator: 'tcg' });
    const verdicts = compareWithBaseline(later, baseline!, { ...options, source: 'b' }).verdicts;
    expect(verdicts.find((v) => v.key === tcgKey)!).toMatchObject({ kind: 'unchanged', baselineCount: 10 });
    const blocked = verdicts.find((v) => v.key === kvmKey)!;
    expect(blocked.kind).toBe('inconclusive');
    expect(blocked.reason).toContain('accelerator kvm → tcg');
  });
});
