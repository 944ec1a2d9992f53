// Fake paired steps for the paired loop's tests: guests that boot at once and measure the rate a
// test gives them, and the loop run on one scenario with them.
import type { EngineEvent } from '../../src/engine/events.js';
import type { LoopGuest } from '../../src/engine/loop.js';
import { runPairedScenarios, type PairedSettings, type PairedSteps } from '../../src/engine/paired-loop.js';
import type { RunPlan, Scenario } from '../../src/model/plan.js';

function scenarioWith(profile: string): Scenario {
  return {
    key: 'linux/virtio-net-pci/tuning/rtt50ms/send',
    guest: 'linux',
    nic: 'virtio-net-pci',
    profile: { name: 'tuning', source: 'file', sysctls: [{ name: 'net.ipv4.tcp_wmem', value: profile }] },
    link: { name: 'rtt50ms', spec: 'rtt=50ms', rttMs: 50, lossPct: 0, rateBitsPerSec: 0 },
    direction: 'send',
  };
}

export const base = scenarioWith('4096 16384 4194304');
export const head = scenarioWith('4096 16384 3774873');
const planOf = (s: Scenario): RunPlan => ({
  scenarios: [s],
  measure: { durationSec: 2, omitSec: 1, repetitions: 5, streams: 1 },
  accel: 'tcg',
  pin: 'off',
  guestStart: 'cold',
  outPath: '/tmp/unused.json',
  workDir: '/tmp/unused',
});
export const plans = { base: planOf(base), head: planOf(head) };
export const settings: PairedSettings = {
  pairs: 4,
  maxBlocks: 6,
  maxSeconds: 3600,
  perSide: 2,
  seed: 42,
  limits: { slowRatio: 0.85, outsideCpuGapCores: 0.5 },
};

interface Guest extends LoopGuest {
  index: number;
  side: 'base' | 'head';
}

/**
 * Fake guests: the base side's profile runs at 400 Mbit/s, the head's at 360; `rate(boot, n)`
 * overrides the rate of a boot's nth measured repetition.
 */
export function fakeSteps(rate: (boot: number, n: number) => number | undefined = () => undefined) {
  const log: string[] = [];
  const counts = new Map<number, number>();
  const byAddress = new Map<string, Guest>();
  const steps: PairedSteps<Guest> = {
    boot: async (index, setup) => {
      const side = setup.profile.sysctls[0]!.value.endsWith('4194304') ? 'base' : 'head';
      log.push(`boot ${index} ${side}`);
      const guest: Guest = {
        index,
        side,
        addresses: { guest: `198.18.0.${index * 4 + 2}` },
        report: { seconds: 2, sysctls: setup.profile.sysctls },
        linkAppliedAt: 'host',
        start: 'restored',
      };
      byAddress.set(guest.addresses.guest, guest);
      return guest;
    },
    stop: async (guest) => void log.push(`stop ${guest.index}`),
    repetition: async (target, measure) => {
      const guest = byAddress.get(target.server)!;
      const n = counts.get(guest.index) ?? 0;
      counts.set(guest.index, n + 1);
      log.push(guest.side === 'base' ? 'A' : 'B');
      const bps = rate(guest.index, n) ?? (guest.side === 'base' ? 400e6 : 360e6);
      return { bitsPerSecond: bps, end: {}, seconds: measure.durationSec };
    },
  };
  return { steps, log };
}

export async function runPaired(
  steps: PairedSteps<Guest>,
  sides: typeof plans = plans,
  loop: PairedSettings = settings,
) {
  const events: EngineEvent[] = [];
  const outcome = await runPairedScenarios(
    sides,
    [{ key: base.key, base, head }],
    { netns: 'nicgate-abc123', accel: 'tcg' },
    steps,
    loop,
    (e) => void events.push(e),
  );
  return { outcome, events };
}
