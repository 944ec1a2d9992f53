// A scenario's entry in the results file, filled in as its repetitions run.
import type { RunPlan, Scenario } from '../model/plan.js';
import type { ScenarioResult } from '../model/results.js';
import { medianTcpStats } from '../model/tcp-stats.js';
import { summarize } from '../stats/summary.js';
import type { RepetitionSample } from './repetition.js';

/** The entry before anything ran: what was asked for, no samples. */
export function emptyResult(scenario: Scenario, plan: RunPlan): ScenarioResult {
  return {
    key: scenario.key,
    guest: scenario.guest,
    nic: scenario.nic,
    profile: {
      name: scenario.profile.name,
      source: scenario.profile.source,
      sysctls: scenario.profile.sysctls,
    },
    link: {
      name: scenario.link.name,
      spec: scenario.link.spec,
      rttMs: scenario.link.rttMs,
      lossPct: scenario.link.lossPct,
      rateBitsPerSec: scenario.link.rateBitsPerSec,
      appliedAt: 'none',
    },
    direction: scenario.direction,
    streams: plan.measure.streams,
    durationSec: plan.measure.durationSec,
    omitSec: plan.measure.omitSec,
    // Recorded where more than throughput is measured; absent reads as throughput alone.
    ...((plan.measure.metrics?.length ?? 0) > 1 ? { metrics: [...plan.measure.metrics!] } : {}),
    samples: [],
    sampleDetails: [],
    appliedSysctls: [],
  };
}

export function addSample(result: ScenarioResult, sample: RepetitionSample): void {
  result.samples.push(sample.bitsPerSecond);
  result.sampleDetails.push({
    bitsPerSecond: sample.bitsPerSecond,
    iperf3End: sample.end,
    ...(sample.retransmits === undefined ? {} : { retransmits: sample.retransmits }),
    ...(sample.tcp === undefined ? {} : { tcp: sample.tcp }),
  });
}

/** Once a scenario's repetitions are over: the summary of its rates, and of TCP's own figures. */
export function summarizeResult(result: ScenarioResult): void {
  if (result.samples.length === 0 || result.error) return;
  result.summary = summarize(result.samples);
  const tcpStats = medianTcpStats(result.sampleDetails.map((detail) => detail.tcp));
  if (tcpStats) result.tcpStats = tcpStats;
}
