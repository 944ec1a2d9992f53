import { InputError } from '../../src/common/errors.js';
import { buildPlan, type PlanDeps } from '../../src/config/plan.js';
import { defaultWorkDir } from '../../src/config/work-dir.js';

/** `files` are readable files; `dirs` directories (the current one, '.', always exists). */
function deps(files: Record<string, string> = {}, dirs: string[] = []): PlanDeps {
  const allDirs = new Set(['.', ...dirs]);
  return {
    readFile: (filePath) => {
      const text = files[filePath];
      if (text === undefined) throw new Error(`ENOENT: ${filePath}`);
      return text;
    },
    paths: {
      kind: (path) => (path in files ? 'file' : allDirs.has(path) ? 'directory' : 'missing'),
      readable: () => true,
      writable: () => true,
      parent: (path) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '.'),
    },
  };
}

describe('buildPlan', () => {
  it('builds the default plan: two NICs x two profiles, one link, send', () => {
    const plan = buildPlan({}, deps());
    expect(plan.scenarios.map((s) => s.key)).toEqual([
      'linux/virtio-net-pci/stock/rtt100ms-rate300mbit/send',
      'linux/virtio-net-pci/tuned/rtt100ms-rate300mbit/send',
      'linux/e1000/stock/rtt100ms-rate300mbit/send',
      'linux/e1000/tuned/rtt100ms-rate300mbit/send',
    ]);
    expect(plan.measure).toEqual({
      durationSec: 5,
      omitSec: 1,
      repetitions: 5,
      streams: 1,
      metrics: ['throughput'],
    });
    expect(plan.accel).toBe('auto');
    expect(plan.outPath).toBe('results.json');
    // Outside any checkout: the user's cache directory (config/work-dir.ts).
    expect(plan.workDir).toBe(defaultWorkDir());
    expect(plan.kernel).toBeUndefined();
  });

  it('crosses nic, profile, link and direction in that nesting order', () => {
    const plan = buildPlan(
      { nic: 'e1000e', profile: 'tuned,stock', link: 'lan,rtt=20ms,loss=1%', direction: 'both' },
      deps(),
    );
    expect(plan.scenarios.map((s) => s.key)).toEqual([
      'linux/e1000e/tuned/lan/send',
      'linux/e1000e/tuned/lan/receive',
      'linux/e1000e/tuned/rtt20ms-loss1pct/send',
      'linux/e1000e/tuned/rtt20ms-loss1pct/receive',
      'linux/e1000e/stock/lan/send',
      'linux/e1000e/stock/lan/receive',
      'linux/e1000e/stock/rtt20ms-loss1pct/send',
      'linux/e1000e/stock/rtt20ms-loss1pct/receive',
    ]);
    const scenario = plan.scenarios[2]!;
    expect(scenario).toMatchObject({ guest: 'linux', nic: 'e1000e', direction: 'send' });
    expect(scenario.profile.name).toBe('tuned');
    expect(scenario.link).toMatchObject({ rttMs: 20, lossPct: 1 });
  });

  it('takes values from the config file, and flags override it', () => {
    const files = {
      'nicgate.yml': 'nic: [e1000, rtl8139]\nduration: 8\nstreams: 2\nprofile: my.conf\n',
      'my.conf': 'net.core.rmem_max = 1048576\n',
    };
    const plan = buildPlan({ config: 'nicgate.yml', streams: '4' }, deps(files));
    expect(plan.scenarios.map((s) => s.key)).toEqual([
      'linux/e1000/my/rtt100ms-rate300mbit/send',
      'linux/rtl8139/my/rtt100ms-rate300mbit/send',
    ]);
    expect(plan.measure).toMatchObject({ durationSec: 8, streams: 4 });
  });

  it('treats a blank input as not given', () => {
    expect(buildPlan({ nic: '', duration: ' ' }, deps()).measure.durationSec).toBe(5);
  });

  it('checks the kind of every path before anything boots', () => {
    const files = { vmlinuz: 'k', 'out/r.json': '{}' };
    expect(() => buildPlan({ kernel: 'boot' }, deps(files, ['boot']))).toThrow(
      '--kernel: "boot" is a directory, not a file',
    );
    expect(() => buildPlan({ kernel: 'vmlinuz', 'kernel-modules': 'vmlinuz' }, deps(files))).toThrow(
      '--kernel-modules: "vmlinuz" is a file, not a directory',
    );
    expect(() => buildPlan({ 'work-dir': 'vmlinuz' }, deps(files))).toThrow(
      '--work-dir: "vmlinuz" is a file, not a directory',
    );
    expect(() => buildPlan({ out: 'out' }, deps(files, ['out']))).toThrow(
      '--out: "out" is a directory; name a file inside it',
    );
    expect(() => buildPlan({ out: 'missing/r.json' }, deps(files))).toThrow(
      '--out: "missing/r.json" is in a directory that does not exist (missing)',
    );
    expect(buildPlan({ out: 'out/r.json' }, deps(files, ['out'])).outPath).toBe('out/r.json');
  });

  it('lets the Action write into directories that do not exist yet', () => {
    const creating = { ...deps(), createOutputDirectories: true };
    expect(buildPlan({ out: 'matrix/results-e1000.json' }, creating).outPath).toBe(
      'matrix/results-e1000.json',
    );
    expect(() => buildPlan({ out: 'matrix/results-e1000.json' }, deps())).toThrow('does not exist (matrix)');
  });

  it('refuses a kernel this user cannot read', () => {
    const unreadable = deps({ vmlinuz: 'k' });
    unreadable.paths.readable = () => false;
    expect(() => buildPlan({ kernel: 'vmlinuz' }, unreadable)).toThrow(
      '--kernel: "vmlinuz" is not readable by this user',
    );
  });

  it('checks that the kernel and its modules exist', () => {
    expect(buildPlan({ kernel: 'vmlinuz' }, deps({ vmlinuz: 'k' })).kernel).toEqual({ image: 'vmlinuz' });
    expect(
      buildPlan({ kernel: 'vmlinuz', 'kernel-modules': 'mods' }, deps({ vmlinuz: 'k' }, ['mods'])).kernel,
    ).toEqual({
      image: 'vmlinuz',
      modulesDir: 'mods',
    });
    expect(() => buildPlan({ kernel: 'nope' }, deps())).toThrow('--kernel: "nope" does not exist');
    expect(() => buildPlan({ kernel: 'vmlinuz', 'kernel-modules': 'nope' }, deps({ vmlinuz: 'k' }))).toThrow(
      '--kernel-modules: "nope" does not exist',
    );
    expect(() => buildPlan({ 'kernel-modules': 'mods' }, deps({}, ['mods']))).toThrow(
      '--kernel-modules: "mods" needs --kernel too',
    );
  });

  it.each([
    [{ duration: 'abc' }, '--duration: "abc" is not a whole number between 1 and 3600'],
    [{ nic: 'e1000,e1000' }, '--nic: "e1000" is listed more than once'],
    [{ profile: 'fast' }, '--profile: "fast" is neither a built-in profile'],
    [{ link: 'rtt=1h' }, '--link: "rtt=1h" is not a round-trip time'],
    [{ direction: 'sideways' }, '--direction: "sideways"'],
    [{ accel: 'xen' }, '--accel: "xen"'],
    [{ config: 'missing.yml' }, '--config: "missing.yml" is not a readable file'],
  ])('rejects bad input %j with an InputError', (raw, message) => {
    let caught: unknown;
    try {
      buildPlan(raw, deps());
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as Error).message).toContain(message);
  });
});

describe('buildPlan with guests of other OSes', () => {
  it('refuses a guest that cannot run yet, before anything boots, unless only planning', () => {
    expect(() => buildPlan({ guest: 'freebsd' }, deps())).toThrow(
      '--guest: "freebsd-15.0" cannot be run yet: nicgate cannot download or prepare BSD images yet',
    );
    const plan = buildPlan(
      { guest: 'freebsd', profile: 'tuned', nic: 'e1000' },
      { ...deps(), planOnly: true },
    );
    expect(plan.scenarios[0]?.key).toBe('freebsd-15.0/e1000/tuned/rtt100ms-rate300mbit/send');
    expect(plan.scenarios[0]?.profile.sysctls[0]).toEqual({ name: 'kern.ipc.maxsockbuf', value: '18874368' });
  });

  it('gives each guest its own OS row of a built-in profile', () => {
    const plan = buildPlan(
      { guest: 'linux,openbsd', nic: 'e1000', profile: 'tuned' },
      { ...deps(), planOnly: true },
    );
    const [linux, openbsd] = plan.scenarios;
    expect(linux?.profile.sysctls).toHaveLength(6);
    expect(openbsd?.profile).toMatchObject({
      os: 'openbsd',
      sysctls: [{ name: 'net.inet.tcp.sendspace' }, { name: 'net.inet.tcp.recvspace' }],
    });
  });

  it('refuses a NIC model the guest OS has no driver for, and a profile file for another OS', () => {
    expect(() => buildPlan({ guest: 'dragonfly', nic: 'vmxnet3' }, { ...deps(), planOnly: true })).toThrow(
      /^--nic: "vmxnet3" has no DragonFly BSD driver nicgate knows of .*; the guest is dragonfly-6\.4$/,
    );
    const files = deps({ 'p/fb.conf': '# nicgate: os=freebsd\nkern.ipc.maxsockbuf=1\n' });
    expect(() => buildPlan({ profile: 'p/fb.conf' }, files)).toThrow(
      'is written for FreeBSD, and the guest linux runs Linux',
    );
    expect(
      buildPlan({ guest: 'freebsd-14.3', profile: 'p/fb.conf' }, { ...files, planOnly: true }).scenarios,
    ).toHaveLength(2);
  });
});
