// executeRun on a fake host: no QEMU, no namespaces, no root. The order of things (results file,
// then teardown), and what a signal, an error or a failing teardown leaves.
import { EventEmitter } from 'node:events';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineDeps } from '../../src/engine/deps.js';
import type { EngineEvent } from '../../src/engine/events.js';
import { executeRun } from '../../src/engine/run.js';
import { RunInterruptedError } from '../../src/engine/run-owner.js';
import { guestCatalog } from '../../src/guest/catalog.js';
import { linuxGuest } from '../../src/guest/linux/os.js';
import type { GuestOs } from '../../src/guest/os.js';
import type { RunPlan, Scenario } from '../../src/model/plan.js';
import type { ResultsFile } from '../../src/model/results.js';
import { fakeExec, fakeSpawn } from '../proc/fakes.js';

const PLAIN = readFileSync(new URL('../../fixtures/iperf3/loopback-plain.json', import.meta.url), 'utf8');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nicgate-run-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function scenario(nic: string): Scenario {
  return {
    key: `linux/${nic}/stock/lan/send`,
    guest: 'linux',
    nic,
    profile: { name: 'stock', source: 'builtin', sysctls: [] },
    link: { name: 'lan', spec: 'lan', rttMs: 0, lossPct: 0, rateBitsPerSec: 0 },
    direction: 'send',
  };
}

const planIn = (d: string): RunPlan => ({
  scenarios: [scenario('e1000'), scenario('virtio-net-pci')],
  measure: { durationSec: 1, omitSec: 0, repetitions: 2, streams: 1 },
  accel: 'tcg',
  pin: 'off',
  guestStart: 'cold',
  outPath: join(d, 'out', 'results.json'),
  workDir: join(d, 'work'),
});

const fakeOs: GuestOs = {
  ...linuxGuest,
  prepareImage: async () => ({
    kernelRelease: '6.1.0-test',
    kernelSource: 'test kernel',
    contentHash: 'a'.repeat(64),
    canSave: true,
    bootMedia: async (_job, stem) => {
      writeFileSync(`${stem}.cpio`, 'initrd');
      return {
        boot: { kind: 'kernel', kernel: '/k', initrd: `${stem}.cpio`, append: [] },
        files: [`${stem}.cpio`],
      };
    },
    awaitingMedia: async () => {
      throw new Error('this run boots cold');
    },
    controlJob: () => '',
  }),
  bootPreview: () => ({ kind: 'kernel', kernel: '/k', initrd: '/i', append: [] }),
};

interface HostLog {
  commands: string[];
  /** The results file as it was when `ip netns del` ran. */
  resultsAtTeardown?: ResultsFile | 'missing';
}

/** A host where every command works, but those `fail` picks, and iperf3 answers with a recording. */
function fakeHost(plan: RunPlan, fail: (line: string) => Error | undefined = () => undefined) {
  const log: HostLog = { commands: [] };
  const namespaces: string[] = [];
  const exec = fakeExec((argv) => {
    const line = argv.join(' ');
    log.commands.push(line);
    const failure = fail(line);
    if (failure) return failure;
    if (line.startsWith('ip netns add ')) namespaces.push(argv[3]!);
    if (line === 'ip netns list') return { stdout: namespaces.join('\n') };
    if (line.startsWith('ip netns del ')) {
      log.resultsAtTeardown = existsSync(plan.outPath)
        ? (JSON.parse(readFileSync(plan.outPath, 'utf8')) as ResultsFile)
        : 'missing';
    }
    if (argv.includes('iperf3') && argv.includes('-c')) return { stdout: PLAIN };
    return {};
  });
  const deps: Partial<EngineDeps> = {
    exec,
    spawn: fakeSpawn((child) =>
      child.print(
        'NICGATE:kernel:6.1.0-test',
        'NICGATE:effective:net.ipv4.tcp_wmem=4096 16384 4194304',
        'NICGATE:ready:5201',
      ),
    ),
    tapCarrierUp: async () => true,
    processes: { argv: async () => undefined, uid: async () => undefined, kill: () => undefined },
    preflight: async () => undefined,
    guests: guestCatalog([fakeOs]),
    canOpenDevice: () => true,
  };
  return { deps, log };
}

const readResults = (plan: RunPlan): ResultsFile =>
  JSON.parse(readFileSync(plan.outPath, 'utf8')) as ResultsFile;

describe('executeRun', () => {
  it('writes the complete results file before teardown, with the host peer and the guest knobs', async () => {
    const plan = planIn(dir);
    const { deps, log } = fakeHost(plan);
    const outcome = await executeRun(plan, () => undefined, { deps, stateDir: join(dir, 'state') });
    expect(outcome.failed).toEqual([]);
    expect(log.resultsAtTeardown).not.toBe('missing');
    expect((log.resultsAtTeardown as ResultsFile).scenarios).toHaveLength(2);
    const results = readResults(plan);
    expect(results.partial).toBeUndefined();
    expect(results.scenarios[0]).toMatchObject({
      hostPeer: { congestionControl: 'cubic' },
      effectiveSysctls: [{ name: 'net.ipv4.tcp_wmem', value: '4096 16384 4194304' }],
      skippedSysctls: [],
    });
    // Nothing left: the ledger is gone, and so is the scratch directory.
    expect(readdirSync(join(dir, 'state'))).toEqual([]);
  });

  it('keeps the results and the exit when teardown fails: a warning, and the ledger stays', async () => {
    const plan = planIn(dir);
    const { deps } = fakeHost(plan, (line) =>
      line.startsWith('ip netns del ') ? new Error('Device or resource busy') : undefined,
    );
    const events: EngineEvent[] = [];
    const outcome = await executeRun(plan, (e) => events.push(e), { deps, stateDir: join(dir, 'state') });
    expect(outcome.results.scenarios).toHaveLength(2);
    expect(readResults(plan).scenarios).toHaveLength(2);
    const warnings = events
      .filter((e) => e.type === 'warning')
      .map((e) => (e as { message: string }).message);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^teardown: deleting namespace nicgate-[0-9a-f]{6}: Device or resource busy \(the ledger stays in /,
      ),
    ]);
    expect(readdirSync(join(dir, 'state'))).toEqual([expect.stringMatching(/^run-[0-9a-f]{6}\.json$/)]);
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)(
    'on %s saves the scenarios measured so far as partial, before teardown, then exits %i',
    async (signal, code) => {
      const plan = planIn(dir);
      const { deps, log } = fakeHost(plan);
      const signals = new EventEmitter();
      const exits: number[] = [];
      const events: EngineEvent[] = [];
      const emit = (event: EngineEvent): void => {
        events.push(event);
        if (event.type === 'scenario' && event.index === 1) signals.emit(signal);
      };
      const error = await executeRun(plan, emit, {
        deps,
        stateDir: join(dir, 'state'),
        handleSignals: true,
        signals,
        exit: (c) => void exits.push(c),
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RunInterruptedError);
      expect(exits).toEqual([code]);
      const atTeardown = log.resultsAtTeardown as ResultsFile;
      expect(atTeardown).toMatchObject({ partial: true, partialReason: `interrupted by ${signal}` });
      expect(atTeardown.scenarios.map((s) => s.key)).toEqual(['linux/e1000/stock/lan/send']);
      expect(readResults(plan)).toEqual(atTeardown);
      expect(events).toContainEqual({ type: 'stage', message: `${signal} received, tearing down` });
      expect(signals.listenerCount(signal)).toBe(0);
    },
  );

  it('saves partial results when an error stops the run after something was measured, then throws it', async () => {
    const plan = planIn(dir);
    // Stopping the first guest fails: the loop ends with an error after one scenario.
    const { deps, log } = fakeHost(plan, (line) =>
      / link del dev ngt[0-9a-f]{6}-0$/.test(line) && !log.resultsAtTeardown
        ? new Error('RTNETLINK: busy')
        : undefined,
    );
    const error = await executeRun(plan, () => undefined, { deps, stateDir: join(dir, 'state') }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toContain('RTNETLINK: busy');
    const results = readResults(plan);
    expect(results.partial).toBe(true);
    expect(results.partialReason).toMatch(/^stopped by an error \(.*RTNETLINK: busy\)$/);
    expect(results.scenarios.map((s) => s.key)).toEqual(['linux/e1000/stock/lan/send']);
    expect(log.resultsAtTeardown).toEqual(results);
  });

  it('keeps its ledger out of the work directory, and is not stopped by a planted ledger there or in the state directory', async () => {
    const plan = planIn(dir);
    const state = join(dir, 'state');
    const { deps } = fakeHost(plan);
    const planted = { runId: 'abc123', ownerPid: 1, taps: ['docker0'], vms: 5 };
    for (const where of [join(plan.workDir, 'state'), state]) {
      rmSync(where, { recursive: true, force: true });
      mkdirSync(where, { recursive: true });
      writeFileSync(join(where, 'run-abc123.json'), JSON.stringify(planted));
    }
    const events: EngineEvent[] = [];
    const saved = process.env.NICGATE_STATE_DIR;
    process.env.NICGATE_STATE_DIR = state;
    try {
      await executeRun(plan, (e) => events.push(e), { deps });
    } finally {
      if (saved === undefined) delete process.env.NICGATE_STATE_DIR;
      else process.env.NICGATE_STATE_DIR = saved;
    }
    const warnings = events
      .filter((e) => e.type === 'warning')
      .map((e) => (e as { message: string }).message);
    expect(warnings).toEqual([
      expect.stringMatching(/^cleanup: ignored .*run-abc123\.json: not a nicgate ledger/),
    ]);
    expect((deps.exec as ReturnType<typeof fakeExec>).calls.some((c) => c.argv.includes('docker0'))).toBe(
      false,
    );
  });

  it('a signal while a tap is being created: teardown waits for it, removes it, and nothing is created after', async () => {
    const plan = planIn(dir);
    const signals = new EventEmitter();
    let sent = false;
    const { deps, log } = fakeHost(plan, (line) => {
      if (line.startsWith('ip tuntap add') && !sent) {
        sent = true;
        signals.emit('SIGTERM');
      }
      return undefined;
    });
    const exits: number[] = [];
    await executeRun(plan, () => undefined, {
      deps,
      stateDir: join(dir, 'state'),
      handleSignals: true,
      signals,
      exit: (c) => void exits.push(c),
    }).catch(() => undefined);
    expect(exits).toEqual([143]);
    const added = log.commands.findIndex((c) => c.startsWith('ip tuntap add'));
    const tap = log.commands[added]!.split(' ')[4]!;
    expect(log.commands.findIndex((c, i) => i > added && c === `ip link del dev ${tap}`)).toBeGreaterThan(
      added,
    );
    const teardownAt = log.commands.findIndex((c) => c.startsWith('ip netns del'));
    const creations = log.commands.slice(teardownAt).filter((c) => /tuntap add|netns add|setfacl -m/.test(c));
    expect(creations).toEqual([]);
    expect(existsSync(plan.outPath)).toBe(false); // nothing was measured: no file
    expect(readdirSync(join(dir, 'state'))).toEqual([]);
  });
});

describe('executeRun and the host devices', () => {
  const qemuArgv = (deps: Partial<EngineDeps>, nic: string): string =>
    (deps.spawn as ReturnType<typeof fakeSpawn>).children
      .map((child) => child.argv.join(' '))
      .find((line) => line.includes(`-device ${nic},`))!;

  it('gives virtio-net vhost-net where /dev/vhost-net opens, and records it per scenario and in the environment', async () => {
    const plan = planIn(dir);
    const { deps } = fakeHost(plan);
    const opened: string[] = [];
    deps.canOpenDevice = (device) => (opened.push(device), true);
    const outcome = await executeRun(plan, () => undefined, { deps, stateDir: join(dir, 'state') });
    expect(opened).toContain('/dev/vhost-net');
    const byNic = Object.fromEntries(outcome.results.scenarios.map((s) => [s.nic, s]));
    expect(byNic['virtio-net-pci']!.vhost).toBe('on');
    // An e1000 has no vhost backend: its tap says vhost=off, and nothing is recorded.
    expect(byNic.e1000!.vhost).toBeUndefined();
    expect(outcome.results.environment).toMatchObject({ vhostNet: 'on', qemuCpu: 'max' });
    expect(qemuArgv(deps, 'virtio-net-pci')).toContain(',vhost=on ');
    expect(qemuArgv(deps, 'e1000')).toContain(',vhost=off ');
  });

  it('says vhost=off, and records off, where /dev/vhost-net does not open', async () => {
    const plan = planIn(dir);
    const { deps } = fakeHost(plan);
    deps.canOpenDevice = (device) => device !== '/dev/vhost-net';
    const outcome = await executeRun(plan, () => undefined, { deps, stateDir: join(dir, 'state') });
    const virtio = outcome.results.scenarios.find((s) => s.nic === 'virtio-net-pci')!;
    expect(virtio.vhost).toBe('off');
    expect(outcome.results.environment.vhostNet).toBe('off');
    expect(qemuArgv(deps, 'virtio-net-pci')).toContain(',vhost=off ');
  });

  it('makes /dev/kvm usable before a guest image is prepared (prepare boots under --accel kvm)', async () => {
    const plan = { ...planIn(dir), accel: 'kvm' as const };
    const { deps } = fakeHost(plan);
    const order: string[] = [];
    deps.deviceExists = () => true;
    deps.canOpenDevice = (device) => (order.push(`open ${device}`), true);
    deps.guests = guestCatalog([
      {
        ...fakeOs,
        prepareImage: async (...args) => (order.push('prepare'), await fakeOs.prepareImage(...args)),
      },
    ]);
    const outcome = await executeRun(plan, () => undefined, { deps, stateDir: join(dir, 'state') });
    expect(order.indexOf('open /dev/kvm')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('open /dev/kvm')).toBeLessThan(order.indexOf('prepare'));
    expect(outcome.results.environment).toMatchObject({ accelerator: 'kvm', qemuCpu: 'host' });
  });
});
