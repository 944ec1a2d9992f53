import { InputError } from '../../src/common/errors.js';
import { buildPlan, type PlanDeps } from '../../src/config/plan.js';

function deps(files: Record<string, string> = {}, paths: string[] = []): PlanDeps {
  return {
    readFile: (filePath) => {
      const text = files[filePath];
      if (text === undefined) throw new Error(`ENOENT: ${filePath}`);
      return text;
    },
    exists: (filePath) => paths.includes(filePath) || filePath in files,
  };
}

describe('buildPlan', () => {
  it('builds the default plan: two NICs x two profiles, one link, send', () => {
    const plan = buildPlan({}, deps());
    expect(plan.scenarios.map((s) => s.key)).toEqual([
      'linux/virtio-net-pci/stock/rtt50ms/send',
      'linux/virtio-net-pci/tuned/rtt50ms/send',
      'linux/e1000/stock/rtt50ms/send',
      'linux/e1000/tuned/rtt50ms/send',
    ]);
    expect(plan.measure).toEqual({ durationSec: 5, omitSec: 1, repetitions: 5, streams: 1 });
    expect(plan.accel).toBe('auto');
    expect(plan.outPath).toBe('results.json');
    expect(plan.workDir).toBe('.nicgate');
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
      'linux/e1000/my/rtt50ms/send',
      'linux/rtl8139/my/rtt50ms/send',
    ]);
    expect(plan.measure).toMatchObject({ durationSec: 8, streams: 4 });
  });

  it('treats a blank input as not given', () => {
    expect(buildPlan({ nic: '', duration: ' ' }, deps()).measure.durationSec).toBe(5);
  });

  it('checks that the kernel and its modules exist', () => {
    expect(buildPlan({ kernel: 'vmlinuz' }, deps({}, ['vmlinuz'])).kernel).toEqual({ image: 'vmlinuz' });
    expect(
      buildPlan({ kernel: 'vmlinuz', 'kernel-modules': 'mods' }, deps({}, ['vmlinuz', 'mods'])).kernel,
    ).toEqual({
      image: 'vmlinuz',
      modulesDir: 'mods',
    });
    expect(() => buildPlan({ kernel: 'nope' }, deps())).toThrow('--kernel: "nope" does not exist');
    expect(() => buildPlan({ kernel: 'vmlinuz', 'kernel-modules': 'nope' }, deps({}, ['vmlinuz']))).toThrow(
      '--kernel-modules: "nope" does not exist',
    );
    expect(() => buildPlan({ 'kernel-modules': 'mods' }, deps({}, ['mods']))).toThrow(
      '--kernel-modules: "mods" needs --kernel too',
    );
  });

  it.each([
    [{ duration: 'abc' }, '--duration: "abc" is not an integer between 1 and 3600'],
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
