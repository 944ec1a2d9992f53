// The retired rule's rates (`npm run bench` without `--part`, after the speed part): simulated,
// then on real repeated runs: false alarms (A/A, the same configuration run after run) and
// detections (A/B, a link shaped 10% slower), each pair of runs compared as current vs baseline.
import { resolve } from 'node:path';
import { formatBitrate } from '../../src/common/format.js';
import { planFromOptions } from '../../src/config/host-paths.js';
import { executeRun } from '../../src/engine/run.js';
import { DECISION_DEFAULTS } from '../../src/model/defaults.js';
import { summarize } from '../../src/stats/summary.js';
import { decide } from './rule.js';
import { simulateDecisionRates } from './simulate.js';

export interface RatesOptions {
  accel: string;
  workDir: string;
  /** Real runs per configuration. */
  runs: number;
}

/** Samples of the single scenario of `runs` real runs of one configuration. */
async function repeatedSamples(link: string, options: RatesOptions): Promise<number[][]> {
  const all: number[][] = [];
  for (let i = 0; i < options.runs; i++) {
    const plan = planFromOptions({
      nic: 'virtio-net-pci',
      profile: 'stock',
      link,
      duration: '2',
      repetitions: '5',
      accel: options.accel,
      'work-dir': options.workDir,
      'allow-work-dir-in-checkout': 'true',
      out: resolve(options.workDir, 'bench-verdict-results.json'),
    });
    const outcome = await executeRun(plan, () => undefined, { handleSignals: true });
    const scenario = outcome.results.scenarios[0]!;
    if (scenario.error) throw new Error(`bench run failed: ${scenario.error}`);
    all.push(scenario.samples);
  }
  return all;
}

/** Every ordered pair (current, baseline) of different runs, decided by the rule. */
function pairVerdicts(current: number[][], baseline: number[][], sameRuns: boolean): string[] {
  const kinds: string[] = [];
  current.forEach((c, i) =>
    baseline.forEach((b, j) => {
      if (!sameRuns || i !== j)
        kinds.push(decide(`bench/${i}/${j}`, c, b, DECISION_DEFAULTS, { resamples: 200 }).kind);
    }),
  );
  return kinds;
}

/** As a baseline with a window works: each run against the pooled samples of all runs before it. */
function rollingVerdicts(runs: number[][]): string[] {
  return runs.slice(1).map(
    (current, i) =>
      decide(`bench/rolling/${i}`, current, runs.slice(0, i + 1).flat(), DECISION_DEFAULTS, {
        resamples: 200,
      }).kind,
  );
}

function rate(kinds: string[], kind: string): string {
  const count = kinds.filter((k) => k === kind).length;
  return `${count}/${kinds.length} (${((count / Math.max(kinds.length, 1)) * 100).toFixed(1)}%)`;
}

export async function retiredRuleRates(options: RatesOptions): Promise<void> {
  const simulated = simulateDecisionRates({
    trials: 1000,
    noise: 0.03,
    drop: 0.1,
    nCurrent: 5,
    nBaseline: 15,
    seed: 20240611,
    settings: DECISION_DEFAULTS,
  });
  console.log(
    `\ndecision rule, simulated (3% noise, 5 vs 15 samples, 1000 trials): false regressions ${(simulated.falseRegressionRate * 100).toFixed(1)}%, 10% drop caught ${(simulated.detectionRate * 100).toFixed(1)}%`,
  );
  console.log(
    `decision rule on real runs (${options.runs} runs per configuration, 5 repetitions of 2 s, virtio-net-pci, stock):`,
  );
  const lan = await repeatedSamples('lan', options);
  const spread = lan.map((samples) => summarize(samples).median);
  const aa = pairVerdicts(lan, lan, true);
  const rolling = rollingVerdicts(lan);
  console.log(`  A/A on lan: run medians ${spread.map((m) => formatBitrate(m)).join(', ')}`);
  console.log(
    `    run vs run: regression in ${rate(aa, 'regression')}, improvement in ${rate(aa, 'improvement')} of ordered pairs`,
  );
  console.log(
    `    run vs the pooled runs before it (the baseline window): regression in ${rate(rolling, 'regression')}`,
  );
  const fast = await repeatedSamples('rtt=10ms,rate=100mbit', options);
  const slow = await repeatedSamples('rtt=10ms,rate=90mbit', options);
  const ab = pairVerdicts(slow, fast, false);
  const bb = pairVerdicts(fast, fast, true);
  const abRolling = slow.map(
    (current, i) => decide(`bench/ab/${i}`, current, fast.flat(), DECISION_DEFAULTS, { resamples: 200 }).kind,
  );
  console.log(
    `  A/B, rate 100 -> 90 Mbit/s (a known 10% drop): regression detected in ${rate(ab, 'regression')} of run pairs, ${rate(abRolling, 'regression')} of runs against all baseline runs pooled`,
  );
  console.log(`  A/A at rate 100 Mbit/s: regression in ${rate(bb, 'regression')} of ordered run pairs`);
}
