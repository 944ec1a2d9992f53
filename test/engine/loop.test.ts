import { readFileSync } from 'node:fs';
import type { EngineEvent } from '../../src/engine/events.js';
import { runScenarios, type LoopGuest, type LoopOutcome, type LoopSteps } from '../../src/engine/loop.js';
import { LedgerClosedError } from '../../src/net/ledger.js';
import { RETRY_PAUSES_MS, runRepetition } from '../../src/engine/repetition.js';
import type { GuestSetup } from '../../src/engine/boot-spec.js';
import type { Direction, RunPlan, Scenario } from '../../src/model/plan.js';
import { fakeExec } from '../proc/fakes.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/iperf3/${name}.json`, import.meta.url), 'utf8');
const PLAIN = fixture('loopback-plain');
const REFUSED = fixture('loopback-connection-refused');
const PLAIN_BPS = 26006426604.963333;

function scenario(nic: string, direction: Direction): Scenario {
  return {
    key: `linux/${nic}/tuned/rtt50ms/${direction}`,
    guest: 'linux',
    nic,
    profile: {
      name: 'tuned',
      source: 'builtin',
      sysctls: [{ name: 'net.core.rmem_max', value: '16777216' }],
    },
    link: { name: 'rtt50ms', spec: 'rtt=50ms', rttMs: 50, lossPct: 0, rateBitsPerSec: 0 },
    direction,
  };
}

const plan: RunPlan = {
  scenarios: [scenario('e1000', 'send'), scenario('e1000', 'receive'), scenario('virtio-net-pci', 'send')],
  measure: { durationSec: 5, omitSec: 1, repetitions: 3, streams: 1 },
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

/**
 * Steps with fake boots (one failing for `failNic`) and real repetitions over a fake executor
 * that answers with the recorded iperf3 outputs in `answers` (then PLAIN).
 */
function steps(options: { failNic?: string; answers?: string[] } = {}) {
  const answers = [...(options.answers ?? [])];
  const exec = fakeExec(() => ({ stdout: answers.shift() ?? PLAIN }));
  const log: string[] = [];
  const booted: GuestSetup[] = [];
  const loopSteps: LoopSteps<TestGuest> = {
    boot: async (index, setup) => {
      log.push(`boot ${index} ${setup.nic}`);
      booted.push(setup);
      if (setup.nic === options.failNic) throw new Error('QEMU exited with 1 before the guest reported in');
      return {
        index,
        addresses: { guest: `198.18.0.${index * 4 + 2}` },
        report: {
          seconds: 2,
          kernelRelease: `6.1.0-${index}`,
          sysctls: [{ name: 'net.core.rmem_max', value: '16777216' }],
        },
        linkAppliedAt: 'host',
        start: index === 0 ? 'saved' : 'restored',
      };
    },
    stop: async (guest) => void log.push(`stop ${guest.index}`),
    repetition: (target, settings, onRetry) => {
      log.push(`iperf3 ${target.server} ${target.direction} ${settings.durationSec}s`);
      return runRepetition(target, settings, onRetry, { exec, sleep: async () => undefined });
    },
  };
  return { loopSteps, exec, log, booted };
}

async function run(s: ReturnType<typeof steps>) {
  const events: EngineEvent[] = [];
  const outcome = await runScenarios(plan, where, s.loopSteps, (event) => events.push(event));
  return { outcome, events };
}

describe('runScenarios', () => {
  it('boots once per group, runs every repetition and stops the guest after its scenarios', async () => {
    const s = steps();
    const { outcome } = await run(s);
    // No transfer is discarded after a boot: the first one is the first repetition.
    expect(s.log).toEqual([
      'boot 0 e1000',
      'iperf3 198.18.0.2 send 5s',
      'iperf3 198.18.0.2 send 5s',
      'iperf3 198.18.0.2 send 5s',
      'iperf3 198.18.0.2 receive 5s',
      'iperf3 198.18.0.2 receive 5s',
      'iperf3 198.18.0.2 receive 5s',
      'stop 0',
      'boot 1 virtio-net-pci',
      'iperf3 198.18.0.6 send 5s',
      'iperf3 198.18.0.6 send 5s',
      'iperf3 198.18.0.6 send 5s',
      'stop 1',
    ]);
    expect(s.booted[0]).toEqual({
      guest: 'linux',
      nic: 'e1000',
      profile: plan.scenarios[0]!.profile,
      link: plan.scenarios[0]!.link,
    });
    expect(outcome.scenarios.map((r) => r.samples)).toEqual([
      [PLAIN_BPS, PLAIN_BPS, PLAIN_BPS],
      [PLAIN_BPS, PLAIN_BPS, PLAIN_BPS],
      [PLAIN_BPS, PLAIN_BPS, PLAIN_BPS],
    ]);
    // The samples with the plan's settings, in the namespace.
    const argvs = s.exec.calls.map((call) => call.argv);
    expect(argvs[0]!.slice(0, 5)).toEqual(['ip', 'netns', 'exec', 'nicgate-abc123', 'iperf3']);
    expect(argvs[0]!.join(' ')).toContain('-t 5 -O 1');
    expect(argvs[0]).toContain('-R'); // send: the guest sends, so the host client runs reversed
    expect(argvs[3]).not.toContain('-R');
    expect(s.exec.calls.every((call) => call.options.privileged === true)).toBe(true);
  });

  it("records the cores busy outside nicgate during each scenario's repetitions, where watched", async () => {
    const s = steps();
    let reading = 0;
    // Each snapshot a second later: 100 ticks busy on the host, 50 of them nicgate's (0.5 cores outside).
    s.loopSteps.cpu = async () => {
      reading += 1;
      return { atMs: reading * 1000, hostBusyTicks: reading * 100, ownTicks: reading * 50 };
    };
    const { outcome } = await run(s);
    expect(outcome.scenarios.map((r) => r.outsideCpu)).toEqual([0.5, 0.5, 0.5]);
    const unwatched = await run(steps());
    expect(unwatched.outcome.scenarios.every((r) => r.outsideCpu === undefined)).toBe(true);
  });

  it('fills in each scenario result', async () => {
    const { outcome } = await run(steps());
    const [first] = outcome.scenarios;
    expect(first).toMatchObject({
      key: 'linux/e1000/tuned/rtt50ms/send',
      guest: 'linux',
      nic: 'e1000',
      profile: { name: 'tuned', source: 'builtin' },
      link: {
        name: 'rtt50ms',
        spec: 'rtt=50ms',
        rttMs: 50,
        lossPct: 0,
        rateBitsPerSec: 0,
        appliedAt: 'host',
      },
      direction: 'send',
      streams: 1,
      durationSec: 5,
      omitSec: 1,
      appliedSysctls: [{ name: 'net.core.rmem_max', value: '16777216' }],
      bootSeconds: 2,
      guestStart: 'saved',
      summary: { median: PLAIN_BPS, min: PLAIN_BPS, max: PLAIN_BPS },
    });
    expect(first!.sampleDetails).toHaveLength(3);
    expect(first!.sampleDetails[0]).toMatchObject({ bitsPerSecond: PLAIN_BPS, retransmits: 9 });
    expect(first!.error).toBeUndefined();
    expect(first!.wallSeconds).toBeGreaterThanOrEqual(0);
    expect(outcome.guestKernel).toBe('6.1.0-1');
  });

  it('marks every scenario of a guest that did not boot as failed, and goes on with the next group', async () => {
    const s = steps({ failNic: 'e1000' });
    const { outcome, events } = await run(s);
    expect(outcome.scenarios.map((r) => [r.key, r.error, r.samples.length])).toEqual([
      [
        'linux/e1000/tuned/rtt50ms/send',
        'guest did not start: QEMU exited with 1 before the guest reported in',
        0,
      ],
      [
        'linux/e1000/tuned/rtt50ms/receive',
        'guest did not start: QEMU exited with 1 before the guest reported in',
        0,
      ],
      ['linux/virtio-net-pci/tuned/rtt50ms/send', undefined, 3],
    ]);
    expect(outcome.scenarios[0]!.summary).toBeUndefined();
    expect(outcome.scenarios[0]!.link.appliedAt).toBe('none');
    expect(s.log.filter((line) => line.startsWith('stop'))).toEqual(['stop 1']);
    expect(
      events.filter((e) => e.type === 'repetition').every((e) => e.type === 'repetition' && e.index === 3),
    ).toBe(true);
  });

  it('retries a repetition when iperf3 could not connect', async () => {
    // Repetition 1 is refused once and retried.
    const s = steps({ answers: [REFUSED, PLAIN] });
    const { outcome, events } = await run(s);
    expect(outcome.scenarios[0]!.samples).toHaveLength(3);
    expect(outcome.scenarios[0]!.error).toBeUndefined();
    expect(events.filter((e) => e.type === 'retry')).toEqual([
      {
        type: 'retry',
        key: 'linux/e1000/tuned/rtt50ms/send',
        message: 'iperf3: unable to connect to server: Connection refused',
      },
    ]);
    expect(s.exec.calls).toHaveLength(9 + 1);
  });

  it('gives up on a scenario after the retries fail too, and measures the next one', async () => {
    const s = steps({ answers: [PLAIN, ...RETRY_PAUSES_MS.map(() => REFUSED), REFUSED] });
    const { outcome } = await run(s);
    expect(outcome.scenarios[0]!.samples).toEqual([PLAIN_BPS]);
    expect(outcome.scenarios[0]!.error).toBe(
      'repetition 2: iperf3: unable to connect to server: Connection refused',
    );
    expect(outcome.scenarios[0]!.summary).toBeUndefined();
    expect(outcome.scenarios[1]!.samples).toHaveLength(3);
  });

  it('reports progress: a boot, each repetition with an ETA, each scenario', async () => {
    const { events: all } = await run(steps());
    const events = all.filter((e) => e.type !== 'phase');
    expect(events.map((e) => e.type)).toEqual([
      'boot',
      ...['repetition', 'repetition', 'repetition', 'scenario'],
      ...['repetition', 'repetition', 'repetition', 'scenario'],
      'boot',
      ...['repetition', 'repetition', 'repetition', 'scenario'],
    ]);
    expect(events[0]).toEqual({
      type: 'boot',
      group: 'linux/e1000/tuned/rtt50ms',
      seconds: 2,
      start: 'saved',
    });
    const first = events[1];
    // One boot left at the 2 s seen, nine repetitions at 5 + 1 + 1 s each.
    expect(first).toEqual({
      type: 'repetition',
      index: 1,
      total: 3,
      key: 'linux/e1000/tuned/rtt50ms/send',
      repetition: 1,
      repetitions: 3,
      etaSec: 2 + 9 * 7,
    });
    const last = events.filter((e) => e.type === 'repetition').at(-1);
    expect(last).toMatchObject({ index: 3, repetition: 3, etaSec: 0 });
    expect(events.at(-1)).toMatchObject({ type: 'scenario', index: 3, total: 3 });
  });

  it('times each phase of a boot group: boot, each repetition, stop', async () => {
    const { events } = await run(steps());
    const phases = events.flatMap((e) => (e.type === 'phase' ? [e] : []));
    expect(phases.map((e) => e.phase)).toEqual([
      'boot',
      ...Array(6).fill('repetition'),
      'stop',
      'boot',
      ...Array(3).fill('repetition'),
      'stop',
    ]);
    for (const phase of phases) expect(phase.seconds).toBeGreaterThanOrEqual(0);
  });

  it("records every scenario's effective TCP knobs, skipped sysctls and the host peer's congestion control", async () => {
    const s = steps();
    const boot = s.loopSteps.boot;
    s.loopSteps.boot = async (index, setup) => {
      const guest = await boot(index, setup);
      guest.report.effective = [{ name: 'net.ipv4.tcp_wmem', value: '4096 16384 4194304' }];
      guest.report.skipped = ['net.ipv4.tcp_ecn_fallback'];
      return guest;
    };
    const events: EngineEvent[] = [];
    const outcome = await runScenarios(
      plan,
      { ...where, hostPeer: { congestionControl: 'cubic' } },
      s.loopSteps,
      (e) => events.push(e),
    );
    for (const scenario of outcome.scenarios) {
      expect(scenario.effectiveSysctls).toEqual([{ name: 'net.ipv4.tcp_wmem', value: '4096 16384 4194304' }]);
      expect(scenario.skippedSysctls).toEqual(['net.ipv4.tcp_ecn_fallback']);
      expect(scenario.hostPeer).toEqual({ congestionControl: 'cubic' });
    }
  });

  it('fills the outcome it is given as it goes, with the running scenario and its samples so far', async () => {
    const s = steps();
    const outcome: LoopOutcome = { scenarios: [] };
    const seen: [number, number | undefined][] = [];
    const repetition = s.loopSteps.repetition;
    s.loopSteps.repetition = async (target, settings, onRetry) => {
      seen.push([outcome.scenarios.length, outcome.current?.samples.length]);
      return await repetition(target, settings, onRetry);
    };
    const returned = await runScenarios(plan, where, s.loopSteps, () => undefined, outcome);
    expect(returned).toBe(outcome);
    // [finished scenarios, samples of the running one] at each iperf3 start.
    expect(seen.slice(0, 5)).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 1],
    ]);
    expect(outcome.current).toBeUndefined();
  });

  it('stops at once when teardown has begun (no boot is tried after it)', async () => {
    const s = steps();
    let boots = 0;
    s.loopSteps.boot = async () => {
      boots++;
      throw new LedgerClosedError();
    };
    await expect(runScenarios(plan, where, s.loopSteps, () => undefined)).rejects.toBeInstanceOf(
      LedgerClosedError,
    );
    expect(boots).toBe(1);
  });
});

describe("runScenarios with TCP's own figures", () => {
  it("records each repetition's figures, and the scenario's medians, where tcp-stats is measured", async () => {
    const s = steps();
    const tcpPlan: RunPlan = { ...plan, measure: { ...plan.measure, metrics: ['throughput', 'tcp-stats'] } };
    const outcome = await runScenarios(tcpPlan, where, s.loopSteps, () => undefined);
    const first = outcome.scenarios[0]!;
    expect(first.metrics).toEqual(['throughput', 'tcp-stats']);
    // loopback-plain: the client sent; 9 retransmits, RTT 47 and 49 us, window 1047728 bytes.
    expect(first.sampleDetails[0]!.tcp).toEqual({
      source: 'client',
      retransmits: 9,
      meanRttMicroseconds: 48,
      maxRttMicroseconds: 49,
      maxCongestionWindowBytes: 1047728,
    });
    expect(first.tcpStats).toEqual({
      retransmits: 9,
      meanRttMicroseconds: 48,
      maxRttMicroseconds: 49,
      maxCongestionWindowBytes: 1047728,
    });
  });

  it('records neither without tcp-stats', async () => {
    const { outcome } = await run(steps());
    expect(outcome.scenarios[0]!.metrics).toBeUndefined();
    expect(outcome.scenarios[0]!.tcpStats).toBeUndefined();
    expect(outcome.scenarios[0]!.sampleDetails[0]!.tcp).toBeUndefined();
  });
});
