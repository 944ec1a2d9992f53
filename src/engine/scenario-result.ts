// A scenario's entry in the results file, filled in as its repetitions run.
import type { Iperf3Result } from '../iperf3/client.js';
import type { RunPlan, Scenario } from '../model/plan.js';
import type { ScenarioResult } from '../model/results.js';

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
    samples: [],
    sampleDetails: [],
    appliedSysctls: [],
  };
}

export function addSample(result: ScenarioResult, sample: Iperf3Result): void {
  result.samples.push(sample.bitsPerSecond);
  result.sampleDetails.push({
    bitsPerSecond: sample.bitsPerSecond,
    iperf3End: sample.end,
    ...(sample.retransmits === undefined ? {} : { retransmits: sample.retransmits }),
  });
}
