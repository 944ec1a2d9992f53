import { readFileSync } from 'node:fs';
import type { EngineEvent } from '../../src/engine/events.js';
import { runScenarios, type LoopGuest, type LoopSteps } from '../../src/engine/loop.js';
import { runRepetition } from '../../src/engine/repetition.js';
import type { Direction, RunPlan, Scenario } from '../../src/model/plan.js';
import { withWarmUp } from '../../bench/warm-up-run.js';
import { fakeExec } from '../proc/fakes.js';

const PLAIN = readFileSync(new URL('../../fixtures/iperf3/loopback-plain.json', import.meta.url), 'utf8');

function scenario(nic: string, direction: Direction): Scenario {
  return {
    key: `linux/${nic}/stock/lan/${direction}`,
    guest: 'linux',
    nic,
    profile: { name: 'stock', source: 'builtin', sysctls: [] },
    link: { name: 'lan', spec: 'lan', rttMs: 0, lossPct: 0, rateBitsPerSec: 0 },
    direction,
  };
}

// The first group's first scenario receives: the warm-up goes that way too.
const plan: RunPlan = {
  scenarios: [scenario('e1000', 'receive'), scenario('e1000', 'send'), scenario('virtio-net-pci', 'send')],
  measure: { durationSec: 5, omitSec: 1, repetitions: 2, streams: 1 },
  accel: 'tcg',
  pin: 'off',
  guestStart: 'cold',
  outPath: '/tmp/unused.json',
  workDir: '/tmp/unused',
};
const where = { netns: 'nicgate-abc123', accel: 'tcg' as const };

interface TestGuest extends LoopGuest {
  index: number;
}

/** Fake boots, real repetitions over a fake executor answering `answers` in turn (then PLAIN). */
function steps(answers: string[] = []) {
  const exec = fakeExec(() => ({ stdout: answers.shift() ?? PLAIN }));
  const log: string[] = [];
  const loopSteps: LoopSteps<TestGuest> = {
    boot: async (index) => {
      log.push(`boot ${index}`);
      return {
        index,
        addresses: { guest: `198.18.0.${index * 4 + 2}` },
        report: { seconds: 2, sysctls: [] },
        linkAppliedAt: 'host',
      };
    },
    stop: async (guest) => void log.push(`stop ${guest.index}`),
    repetition: (target, settings, onRetry) => {
      log.push(`iperf3 ${target.server} ${target.direction} ${settings.durationSec}s`);
      return runRepetition(target, settings, onRetry, { exec, sleep: async () => undefined });
    },
  };
  return { loopSteps, exec, log };
}

describe('withWarmUp', () => {
  it("adds one short transfer after each boot, in its group's first direction, without omit", async () => {
    const s = steps();
    const events: EngineEvent[] = [];
    const outcome = await runScenarios(plan, where, withWarmUp(s.loopSteps, plan, where, 1), (e) =>
      events.push(e),
    );
    expect(s.log).toEqual([
      'boot 0',
      'iperf3 198.18.0.2 receive 1s', // the warm-up
      'iperf3 198.18.0.2 receive 5s',
      'iperf3 198.18.0.2 receive 5s',
      'iperf3 198.18.0.2 send 5s',
      'iperf3 198.18.0.2 send 5s',
      'stop 0',
      'boot 1',
      'iperf3 198.18.0.6 send 1s',
      'iperf3 198.18.0.6 send 5s',
      'iperf3 198.18.0.6 send 5s',
      'stop 1',
    ]);
    expect(s.exec.calls[0]!.argv.join(' ')).toContain('-t 1 -O 0');
    expect(s.exec.calls[1]!.argv.join(' ')).toContain('-t 5 -O 1');
    // Discarded: each scenario has its repetitions' samples only.
    expect(outcome.scenarios.map((r) => r.samples.length)).toEqual([2, 2, 2]);
    // Timed as part of the boot.
    expect(events.filter((e) => e.type === 'phase' && e.phase === 'repetition')).toHaveLength(6);
  });

  it('counts a failed warm-up as a failed start, and still stops that guest', async () => {
    const s = steps(['not json']);
    const outcome = await runScenarios(plan, where, withWarmUp(s.loopSteps, plan, where, 1), () => undefined);
    expect(outcome.scenarios[0]!.error).toMatch(/^guest did not start: iperf3 printed no JSON result/);
    expect(outcome.scenarios[1]!.error).toBe(outcome.scenarios[0]!.error);
    expect(s.log).toContain('stop 0');
    expect(outcome.scenarios[2]!.samples).toHaveLength(2);
  });
});
