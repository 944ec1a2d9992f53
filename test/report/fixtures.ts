// Shared inputs for the markdown report's tests: one verdict of every kind, a results file with
// sysctls, a paired job's verdicts, and helpers that read tables and charts back out of a report.
import { commentMarker } from '../../src/github/marker.js';
import type { ReportInput } from '../../src/report/report.js';
import type { Comparison, Verdict, VerdictsFile } from '../../src/model/verdicts.js';
import type { InputDifference } from '../../src/model/input-change.js';
import { environment, results, scenario } from '../baseline/sample-results.js';

export const RUN_URL = 'https://github.com/o/r/actions/runs/1';
export const SUMMARY_URL = 'https://github.com/o/r/actions/runs/1/attempts/1#summary';
export const MARKER = commentMarker('nicgate/linux');

export function comparison(
  baselineMedian: number,
  currentMedian: number,
  low = -0.01,
  high = 0.01,
): Comparison {
  return {
    baselineMedian,
    currentMedian,
    relativeChange: currentMedian / baselineMedian - 1,
    confidenceInterval: { level: 0.95, low, high },
    pValue: 0.001,
    method: 'exact',
    baselineCount: 5,
    currentCount: 5,
  };
}

export function unchanged(key: string, median = 9.4e9): Verdict {
  return {
    key,
    kind: 'unchanged',
    reason: 'within the 5.0% threshold',
    ...comparison(median, median * 0.998),
  };
}

export function verdictsFile(verdicts: Verdict[], overrides: Partial<VerdictsFile> = {}): VerdictsFile {
  return {
    schemaVersion: 1,
    settings: { threshold: 0.05, alpha: 0.01, allowEnvironmentChange: false },
    baseline: {
      source: 'artifact nicgate-results',
      branch: 'main',
      runs: [
        { runId: '101', commit: 'a'.repeat(40), timestamp: '2025-01-30T10:00:00.000Z' },
        { runId: '102', commit: 'c'.repeat(40), timestamp: '2025-01-31T10:00:00.000Z' },
      ],
    },
    environmentNotes: [],
    verdicts,
    regressed: verdicts.some((v) => v.kind === 'regression'),
    ...overrides,
  };
}

export const REGRESSION: Verdict = {
  key: 'linux/e1000/tuned/rtt50ms/send',
  kind: 'regression',
  reason: 'median 8.2% lower, beyond the 5.0% threshold (p = 0.001)',
  ...comparison(9.4e8, 8.63e8, -0.101, -0.06),
};

/** One verdict of every kind, deliberately out of order, two regressions to check stability. */
export function mixedVerdicts(): Verdict[] {
  return [
    unchanged('linux/virtio-net-pci/tuned/lan/send'),
    {
      key: 'linux/e1000/stock/lan/send',
      kind: 'new',
      reason: 'not in the baseline',
      currentMedian: 5e8,
      currentCount: 5,
    },
    REGRESSION,
    {
      key: 'linux/e1000/stock/rtt50ms/receive',
      kind: 'improvement',
      reason: 'median 12.0% higher',
      ...comparison(1e9, 1.12e9, 0.09, 0.15),
    },
    {
      key: 'linux/rtl8139/stock/lan/send',
      kind: 'missing',
      reason: 'in the baseline, not measured now',
      baselineMedian: 9e7,
      baselineCount: 5,
    },
    {
      key: 'linux/e1000/tuned/lan/receive',
      kind: 'error',
      reason: 'the guest did not boot',
      error: 'boot timeout',
    },
    {
      key: 'linux/virtio-net-pci/stock/rtt50ms/send',
      kind: 'regression',
      reason: 'median 20.0% lower',
      ...comparison(2e9, 1.6e9, -0.25, -0.15),
    },
    {
      key: 'linux/virtio-net-pci/stock/lan/receive',
      kind: 'inconclusive',
      reason: 'environment changed',
      baselineMedian: 3e9,
      currentMedian: 3.1e9,
    },
  ];
}

export function input(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    marker: MARKER,
    verdicts: verdictsFile(mixedVerdicts(), { environmentNotes: ['QEMU 8.2.2 → 9.0.0'] }),
    results: results(
      [
        scenario('linux/virtio-net-pci/tuned/lan/send', [9.3e9, 9.4e9, 9.5e9], {
          appliedSysctls: [
            { name: 'net.core.rmem_max', value: '16777216' },
            { name: 'net.ipv4.tcp_congestion_control', value: 'bbr' },
          ],
        }),
        scenario('linux/e1000/tuned/rtt50ms/send', [8.6e8], {
          // The same profile elsewhere: its sysctls are listed once.
          appliedSysctls: [{ name: 'net.core.rmem_max', value: '16777216' }],
        }),
        scenario('linux/e1000/stock/lan/send', [5e8], { appliedSysctls: [] }),
      ],
      { qemuVersion: '9.0.0', git: { commit: 'b'.repeat(40), branch: 'feature/x' } },
    ),
    baselineEnvironment: environment({ git: { commit: 'a'.repeat(40), branch: 'main' } }),
    runUrl: RUN_URL,
    summaryUrl: SUMMARY_URL,
    ...overrides,
  };
}

/** Table rows (lines starting with "| " after the header separator), first cell trimmed. */
export function tableKeys(body: string): string[] {
  const lines = body.split('\n');
  const start = lines.findIndex((line) => line.startsWith('| --- |'));
  const keys: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('| ')) break;
    keys.push(line.split(' | ')[0]!.slice(2));
  }
  return keys;
}

/** The chart's fenced text block, fences included; empty when there is none. */
export function chartBlock(body: string): string[] {
  const lines = body.split('\n');
  const start = lines.indexOf('```text');
  if (start < 0) return [];
  const end = lines.indexOf('```', start + 1);
  return lines.slice(start, end + 1);
}

export const BASE_COMMIT = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
export const HEAD_COMMIT = 'e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d';

/**
 * A paired job's verdicts: a drop with one dropped block, an improvement, an unchanged, one judged
 * against the stored baseline (the base could not be measured) and one whose inputs did not change.
 */
export function pairedFile(overrides: Partial<VerdictsFile> = {}): VerdictsFile {
  const paired = (used: number, dropped: { block: number; reason: string }[] = []) => ({
    basis: 'paired' as const,
    pairs: { used, dropped },
  });
  return verdictsFile(
    [
      {
        key: 'linux/virtio-net-pci/stock/rtt50ms/send',
        kind: 'unchanged',
        reason: 'within ±5.0%',
        ...paired(8),
        ...comparison(4e8, 3.99e8, -0.02, 0.015),
      },
      {
        key: 'linux/e1000/tuned/rtt50ms/send',
        kind: 'improvement',
        reason: 'a +12.0% change over 8 pairs',
        ...paired(8),
        ...comparison(9e8, 1.008e9, 0.09, 0.15),
      },
      {
        key: 'linux/virtio-net-pci/tuned/rtt50ms/send',
        kind: 'regression',
        reason: 'a -8.2% change over 7 pairs',
        ...paired(7, [{ block: 3, reason: 'host steal time 12% (limit 5%)' }]),
        ...comparison(1.7e9, 1.56e9, -0.101, -0.06),
      },
      {
        key: 'linux/e1000/stock/rtt50ms/send',
        kind: 'inconclusive',
        reason: 'the base did not build, so judged against the stored baseline',
        basis: 'stored-baseline',
        ...comparison(3e8, 2.9e8, -0.09, Infinity),
      },
      {
        key: 'linux/e1000e/stock/rtt50ms/send',
        kind: 'inputs-unchanged',
        reason: 'base and head apply the same inputs',
        basis: 'inputs-unchanged',
      },
    ],
    { paired: { baseCommit: BASE_COMMIT, headCommit: HEAD_COMMIT, pairs: 8, seed: 1234 }, ...overrides },
  );
}

/** The difference a head profile capping the send buffer shows, on its line 4. */
export const WMEM_CAPPED: InputDifference = {
  input: 'net.ipv4.tcp_wmem',
  field: 'max',
  change: 'changed',
  base: '16777216',
  head: '65536',
  file: 'profiles/tuned.conf',
  line: 4,
};
