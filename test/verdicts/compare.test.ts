import { type BaselineFile } from '../../src/model/baseline.js';
import { renderVerdictTable } from '../../src/report/verdict-table.js';
import { renderHeadline } from '../../src/report/verdict-labels.js';
import type { ResultsFile } from '../../src/model/results.js';
import { compareWithBaseline, verdictsWithoutBaseline } from '../../src/verdicts/compare.js';
import { environment, results, scenario } from '../baseline/sample-results.js';
import { appendRun } from '../../src/baseline/runs.js';
import { baselineRunFromResults } from '../../src/baseline/runs.js';
import { mergeResults } from '../../src/results/merge.js';

const KEY = 'linux/virtio-net-pci/tuned/rtt50ms/send';
const OTHER = 'linux/e1000/tuned/rtt50ms/send';
const options = { threshold: 0.05, alpha: 0.01, allowEnvironmentChange: false, source: 'test' };

const around = (center: number, n: number): number[] =>
  Array.from({ length: n }, (_, i) => center * (1 + (i - n / 2) * 0.004));

function baselineOf(...runs: ResultsFile[]): BaselineFile {
  let baseline: BaselineFile | undefined;
  runs.forEach(
    (run, i) => (baseline = appendRun(baseline, baselineRunFromResults(run, { runId: `r${i}` }), 'main')),
  );
  return baseline!;
}

describe('compareWithBaseline', () => {
  const base = baselineOf(
    results([scenario(KEY, around(1e9, 5)), scenario(OTHER, around(5e8, 5))]),
    results([scenario(KEY, around(1e9, 5)), scenario(OTHER, around(5e8, 5))]),
  );

  it('pools the samples of every baseline run and finds a regression', () => {
    const file = compareWithBaseline(
      results([scenario(KEY, around(8e8, 5)), scenario(OTHER, around(5e8, 5))]),
      base,
      options,
    );
    const verdict = file.verdicts.find((v) => v.key === KEY)!;
    expect(verdict.kind).toBe('regression');
    if (verdict.kind !== 'regression') throw new Error('unreachable');
    expect(verdict.baselineCount).toBe(10);
    expect(verdict.currentCount).toBe(5);
    expect(verdict.relativeChange).toBeCloseTo(-0.2, 2);
    expect(file.verdicts.find((v) => v.key === OTHER)!.kind).toBe('unchanged');
    expect(file.regressed).toBe(true);
    expect(file.baseline.runs.map((r) => r.runId)).toEqual(['r0', 'r1']);
  });

  it('marks new, missing and failed scenarios', () => {
    const current = results([
      scenario('linux/e1000e/stock/lan/send', around(1e9, 3)),
      scenario(OTHER, [], { error: 'guest did not start' }),
    ]);
    const kinds = Object.fromEntries(
      compareWithBaseline(current, base, options).verdicts.map((v) => [v.key, v.kind]),
    );
    expect(kinds).toEqual({ 'linux/e1000e/stock/lan/send': 'new', [OTHER]: 'error', [KEY]: 'missing' });
  });

  it('never calls a change under another accelerator a regression, unless allowed', () => {
    const current = results([scenario(KEY, around(5e8, 5))], { accelerator: 'tcg' });
    const blocked = compareWithBaseline(current, base, options).verdicts[0]!;
    expect(blocked.kind).toBe('inconclusive');
    expect(blocked.reason).toContain('accelerator kvm → tcg');
    const allowed = compareWithBaseline(current, base, { ...options, allowEnvironmentChange: true });
    expect(allowed.verdicts[0]!.kind).toBe('regression');
    expect(allowed.environmentNotes).toContain('accelerator kvm → tcg');
  });

  it('uses only the baseline runs whose environment matches', () => {
    const oldKernel = results([scenario(KEY, around(2e9, 5))], { guestKernel: '5.10' });
    const mixed = baselineOf(oldKernel, results([scenario(KEY, around(1e9, 5))]));
    const verdict = compareWithBaseline(results([scenario(KEY, around(1e9, 5))]), mixed, options)
      .verdicts[0]!;
    expect(verdict.kind).toBe('unchanged');
    if (verdict.kind !== 'unchanged') throw new Error('unreachable');
    expect(verdict.baselineCount).toBe(5);
  });

  it('says when a profile changed since the baseline', () => {
    const changed = scenario(KEY, around(8e8, 5), {
      profile: {
        name: 'tuned',
        source: 'tuning.conf',
        sysctls: [{ name: 'net.ipv4.tcp_wmem', value: '4096 16384 65536' }],
      },
    });
    const verdict = compareWithBaseline(results([changed, scenario(OTHER, around(5e8, 5))]), base, options)
      .verdicts[0]!;
    expect(verdict.reason).toContain('profile tuned changed since the baseline');
  });

  it('judges each scenario of a merged matrix in its own environment', () => {
    // KVM baseline; the e1000 job of this run fell back to TCG and is far slower for it.
    const merged = mergeResults([
      { source: 'kvm.json', results: results([scenario(KEY, around(1e9, 5))], { accelerator: 'kvm' }) },
      { source: 'tcg.json', results: results([scenario(OTHER, around(1e8, 5))], { accelerator: 'tcg' }) },
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
      const file = compareWithBaseline(results([scenario(key, around(1e9, 5))]), base, options);
      expect(file.verdicts.find((v) => v.key === key)!.kind).toBe('new');
    }
  });

  it('treats every scenario as new without a baseline', () => {
    const file = verdictsWithoutBaseline(results([scenario(KEY, around(1e9, 3))]), options);
    expect(file.verdicts.map((v) => v.kind)).toEqual(['new']);
    expect(file.regressed).toBe(false);
  });
});

describe('verdict reports', () => {
  const base = baselineOf(results([scenario(KEY, around(1e9, 5)), scenario(OTHER, around(5e8, 5))]));
  const file = compareWithBaseline(
    results(
      [
        scenario(KEY, around(8e8, 5)),
        scenario(OTHER, around(6e8, 5)),
        scenario('linux/x|<b>/stock/lan/send', [1e9]),
      ],
      {
        hostCpuModel: 'Intel <Xeon>',
      },
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
      /998 Mbit\/s\s+798 Mbit\/s\s+-20\.0% \[-\d+\.\d%, -\d+\.\d%\]\s+p = 0\.004\s+regression/,
    );
  });
});
void environment;

describe('a merged matrix recorded as a baseline', () => {
  const kvmKey = 'linux/virtio-net-pci/tuned/lan/send';
  const tcgKey = 'linux/e1000/tuned/lan/send';
  const samples = [4.0e8, 4.1e8, 3.9e8, 4.0e8, 4.05e8];
  const merged = mergeResults([
    {
      source: 'kvm.json',
      results: results([
        scenario(
          kvmKey,
          samples.map((x) => x * 20),
        ),
      ]),
    },
    { source: 'tcg.json', results: results([scenario(tcgKey, samples)], { accelerator: 'tcg' }) },
  ]).results;
  const baseline = appendRun(undefined, baselineRunFromResults(merged, { runId: 'm1' }), 'main');

  it('keeps each scenario measured elsewhere than its run with its own environment', () => {
    expect(baseline.runs[0]!.environment.accelerator).toBe('kvm');
    expect(baseline.runs[0]!.scenarios[tcgKey]!.environment?.accelerator).toBe('tcg');
    expect(baseline.runs[0]!.scenarios[kvmKey]!.environment).toBeUndefined();
  });

  it('compares a later TCG run of the TCG scenario, and blocks it against the KVM one', () => {
    const later = results([scenario(tcgKey, samples), scenario(kvmKey, samples)], { accelerator: 'tcg' });
    const verdicts = compareWithBaseline(later, baseline, { ...options, source: 'b' }).verdicts;
    expect(verdicts.find((v) => v.key === tcgKey)!.kind).toBe('unchanged');
    const blocked = verdicts.find((v) => v.key === kvmKey)!;
    expect(blocked.kind).toBe('inconclusive');
    expect(blocked.reason).toContain('accelerator kvm → tcg');
  });
});
