// The guest cache's keys (each part changes them), the `guest-cache` input, and the key parts an
// Action job derives from its plan.
import { guestCacheKeyParts } from '../../src/action/guest-cache-step.js';
import {
  guestCacheKeys,
  guestCacheSaveKey,
  keySlug,
  qemuVersionSlug,
  type GuestCacheKeyParts,
} from '../../src/action/guest-cache-key.js';
import { readSettings } from '../../src/action/inputs.js';
import { InputError } from '../../src/common/errors.js';
import type { RunPlan } from '../../src/model/plan.js';

const QEMU = 'QEMU emulator version 8.2.2 (Debian 1:8.2.2+ds-0ubuntu1.4)';

function parts(change: (p: GuestCacheKeyParts) => void = () => undefined): GuestCacheKeyParts {
  const p: GuestCacheKeyParts = {
    runnerOs: 'Linux',
    runnerArch: 'X64',
    qemuVersion: QEMU,
    nicgateVersion: '1.4.2',
    inputs: {
      kernel: { kind: 'distro' },
      accel: 'auto',
      guests: ['linux'],
      nics: ['virtio-net-pci', 'e1000'],
      guestStart: 'restore',
    },
  };
  change(p);
  return p;
}

const KEY_CHARS = /^[A-Za-z0-9._-]+$/;

describe('guestCacheKeys', () => {
  it('is the runner, QEMU and major version, then a digest of the inputs', () => {
    const keys = guestCacheKeys(parts());
    expect(keys.prefix).toBe('nicgate-guests-v1-Linux-X64-8.2.2_Debian_1_8.2.2_ds_0ubuntu1.4-1-');
    expect(keys.inputsPrefix).toMatch(
      /^nicgate-guests-v1-Linux-X64-8\.2\.2_Debian_1_8\.2\.2_ds_0ubuntu1\.4-1-[0-9a-f]{16}-$/,
    );
    expect(keys.inputsPrefix.startsWith(keys.prefix)).toBe(true);
    const key = guestCacheSaveKey(keys, ['linux-0123456789abcdef 1234', 'kernel/linux-image-6.1']);
    expect(key).toMatch(KEY_CHARS);
    expect(key.startsWith(keys.inputsPrefix)).toBe(true);
    expect(key.length).toBeLessThanOrEqual(512);
  });

  it.each<[string, (p: GuestCacheKeyParts) => void]>([
    ['the runner OS', (p) => (p.runnerOs = 'macOS')],
    ['the runner architecture', (p) => (p.runnerArch = 'ARM64')],
    ['the QEMU version', (p) => (p.qemuVersion = 'QEMU emulator version 9.0.0')],
    ['the nicgate major version', (p) => (p.nicgateVersion = '2.0.0')],
  ])('changes the prefix with %s', (_, change) => {
    const before = guestCacheKeys(parts());
    const after = guestCacheKeys(parts(change));
    expect(after.prefix).not.toBe(before.prefix);
    expect(after.inputsPrefix).not.toBe(before.inputsPrefix);
  });

  it.each<[string, (p: GuestCacheKeyParts) => void]>([
    ['a user kernel', (p) => (p.inputs.kernel = { kind: 'user', image: 'a'.repeat(64) })],
    [
      'its modules',
      (p) => (p.inputs.kernel = { kind: 'user', image: 'a'.repeat(64), modules: 'b'.repeat(64) }),
    ],
    ['a base kernel', (p) => (p.inputs.baseKernel = { kind: 'user', image: 'c'.repeat(64) })],
    ['the accelerator mode', (p) => (p.inputs.accel = 'tcg')],
    ['the NIC list', (p) => (p.inputs.nics = ['e1000'])],
    ['the guests', (p) => (p.inputs.guests = ['linux', 'debian-12'])],
    ['the guest start', (p) => (p.inputs.guestStart = 'cold')],
    ['the nicgate version', (p) => (p.nicgateVersion = '1.4.3')],
  ])('keeps the prefix and changes the inputs digest with %s', (_, change) => {
    const before = guestCacheKeys(parts());
    const after = guestCacheKeys(parts(change));
    expect(after.prefix).toBe(before.prefix);
    expect(after.inputsPrefix).not.toBe(before.inputsPrefix);
  });

  it('tells two user kernels apart by content', () => {
    const a = guestCacheKeys(parts((p) => (p.inputs.kernel = { kind: 'user', image: 'a'.repeat(64) })));
    const b = guestCacheKeys(parts((p) => (p.inputs.kernel = { kind: 'user', image: 'd'.repeat(64) })));
    expect(a.inputsPrefix).not.toBe(b.inputsPrefix);
  });

  it('does not depend on the order or repetition of the NICs', () => {
    const a = guestCacheKeys(parts((p) => (p.inputs.nics = ['e1000', 'virtio-net-pci', 'e1000'])));
    expect(a).toEqual(guestCacheKeys(parts()));
    const guests = (list: string[]) => guestCacheKeys(parts((p) => (p.inputs.guests = list)));
    expect(guests(['debian-12', 'linux', 'linux'])).toEqual(guests(['linux', 'debian-12']));
  });

  it('names what the entry holds in the saved key, whatever the order', () => {
    const keys = guestCacheKeys(parts());
    expect(guestCacheSaveKey(keys, ['a', 'b'])).toBe(guestCacheSaveKey(keys, ['b', 'a']));
    expect(guestCacheSaveKey(keys, ['a', 'b'])).not.toBe(guestCacheSaveKey(keys, ['a', 'c']));
  });

  it('keeps every part short and to letters, digits, dots, dashes and underscores', () => {
    const wild = guestCacheKeys(
      parts((p) => {
        p.runnerOs = 'Linux; rm -rf /';
        p.runnerArch = '';
        p.qemuVersion = `QEMU emulator version 9.${'9'.repeat(600)} $(id) \n\u0007`;
      }),
    );
    expect(wild.inputsPrefix.slice(0, -1)).toMatch(KEY_CHARS);
    expect(wild.inputsPrefix.length).toBeLessThan(200);
    expect(wild.prefix).toContain('-unknown-');
    // Two long lines that share their first 64 characters still differ.
    expect(keySlug(`${'x'.repeat(100)}a`)).not.toBe(keySlug(`${'x'.repeat(100)}b`));
    expect(keySlug(`${'x'.repeat(100)}a`)).toHaveLength(64);
    expect(qemuVersionSlug('unknown')).toBe('unknown');
  });
});

describe('guestCacheKeyParts', () => {
  const plan = {
    scenarios: [
      { guest: 'linux', nic: 'e1000' },
      { guest: 'debian-12', nic: 'virtio-net-pci' },
      { guest: 'linux', nic: 'e1000' },
    ],
    accel: 'kvm',
    guestStart: 'restore',
    workDir: '/w',
    outPath: 'r.json',
  } as RunPlan;
  const hashPath = (path: string): string => `sha-of-${path}`;
  const env = { RUNNER_OS: 'Linux', RUNNER_ARCH: 'X64' };

  it('asks for the distro kernel when no kernel is given', () => {
    expect(guestCacheKeyParts({ plan }, QEMU, { hashPath, env })).toEqual({
      runnerOs: 'Linux',
      runnerArch: 'X64',
      qemuVersion: QEMU,
      nicgateVersion: expect.stringMatching(/^\d+\.\d+\.\d+/),
      inputs: {
        kernel: { kind: 'distro' },
        accel: 'kvm',
        guests: ['linux', 'debian-12', 'linux'],
        nics: ['e1000', 'virtio-net-pci', 'e1000'],
        guestStart: 'restore',
      },
    });
  });

  it("hashes the user's kernel and modules, and the base side's kernel when it differs", () => {
    const withKernel = { ...plan, kernel: { image: '/k/bzImage', modulesDir: '/k/modules' } };
    const settings = {
      plan: withKernel,
      paired: { artifacts: { kernel: '/base/bzImage' } } as NonNullable<
        Parameters<typeof guestCacheKeyParts>[0]['paired']
      >,
    };
    expect(guestCacheKeyParts(settings, QEMU, { hashPath, env }).inputs).toMatchObject({
      kernel: { kind: 'user', image: 'sha-of-/k/bzImage', modules: 'sha-of-/k/modules' },
      baseKernel: { kind: 'user', image: 'sha-of-/base/bzImage' },
    });
  });
});

describe('the guest-cache input', () => {
  function settingsWith(value: string | undefined) {
    return readSettings({
      getInput: (name) => (name === 'guest-cache' && value !== undefined ? value : ''),
      env: {},
      payload: undefined,
      buildPlan: () => ({ outPath: 'x', workDir: 'y' }) as RunPlan,
      paths: {
        kind: (path) => (path === '.' ? 'directory' : 'missing'),
        readable: () => true,
        writable: () => true,
        parent: () => '.',
      },
    });
  }

  it('is on by default and off with false', () => {
    expect(settingsWith(undefined).guestCache).toBe(true);
    expect(settingsWith('true').guestCache).toBe(true);
    expect(settingsWith('FALSE').guestCache).toBe(false);
  });

  it('names itself and quotes a bad value (exit 2)', () => {
    expect(() => settingsWith('sometimes')).toThrow(InputError);
    expect(() => settingsWith('sometimes')).toThrow('guest-cache: "sometimes" is not true or false');
  });
});
