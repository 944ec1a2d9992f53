// QEMU's command line per guest OS × NIC, as the engine builds it for a boot.
import { guestVmSpec, savedGuestParts, type GuestHost } from '../../src/engine/boot-spec.js';
import { GUEST_CATALOG } from '../../src/guest/registry.js';
import { buildQemuArgv, OVMF_FIRMWARE, type BootSource } from '../../src/qemu/argv.js';

const disk: BootSource = {
  kind: 'disk',
  drives: [{ file: '/c/prepared.qcow2', format: 'qcow2', snapshot: true }],
};

const OS_NAMES = GUEST_CATALOG.oses.map((os) => os.name);

function argvFor(name: string, model: string, host: GuestHost = { accel: 'tcg' }): string[] {
  const os = GUEST_CATALOG.oses.find((known) => known.name === name)!;
  return buildQemuArgv(guestVmSpec(host, disk, { model, tap: 'ngt0', mac: '52:54:00:00:00:02' }, os));
}

const after = (argv: string[], flag: string): string[] =>
  argv.flatMap((word, i) => (word === flag ? [argv[i + 1]!] : []));

describe('guestVmSpec per OS and NIC', () => {
  it.each(OS_NAMES.flatMap((os) => ['virtio-net-pci', 'e1000'].map((nic) => [os, nic] as const)))(
    '%s with %s: the NIC under test on the tap is the only NIC',
    (os, nic) => {
      const argv = argvFor(os, nic);
      expect(after(argv, '-netdev')).toEqual(['tap,id=net0,ifname=ngt0,script=no,downscript=no,vhost=off']);
      expect(after(argv, '-device')).toHaveLength(1);
      expect(after(argv, '-device')[0]).toMatch(new RegExp(`^${nic},netdev=net0,mac=52:54:00:00:00:02`));
      expect(argv.join(' ')).not.toContain('user,');
    },
  );

  it("gives NetBSD's virtio-net ctrl_vq=off and no other OS or NIC", () => {
    expect(after(argvFor('netbsd', 'virtio-net-pci'), '-device')).toEqual([
      'virtio-net-pci,netdev=net0,mac=52:54:00:00:00:02,ctrl_vq=off',
    ]);
    expect(after(argvFor('netbsd', 'e1000'), '-device')[0]).not.toContain('ctrl_vq');
    expect(after(argvFor('freebsd', 'virtio-net-pci'), '-device')[0]).not.toContain('ctrl_vq');
  });

  it('boots OpenBSD through OVMF with 1 GiB pages off, under both accelerators', () => {
    for (const accel of ['tcg', 'kvm'] as const) {
      const argv = argvFor('openbsd', 'virtio-net-pci', { accel });
      expect(after(argv, '-bios')).toEqual([OVMF_FIRMWARE]);
      expect(after(argv, '-cpu')).toEqual([accel === 'tcg' ? 'max,-pdpe1gb' : 'host,-pdpe1gb']);
    }
  });

  it("leaves QEMU's BIOS and CPU model alone for every other OS", () => {
    for (const os of ['linux', 'freebsd', 'netbsd', 'dragonfly']) {
      const argv = argvFor(os, 'e1000');
      expect(argv).not.toContain('-bios');
      expect(after(argv, '-cpu')).toEqual(['max']);
    }
  });

  it('gives virtio-net vhost-net where /dev/vhost-net opens, and every other tap vhost=off, explicitly', () => {
    const netdev = (nic: string, vhostNet: boolean): string[] =>
      after(argvFor('linux', nic, { accel: 'kvm', vhostNet }), '-netdev');
    expect(netdev('virtio-net-pci', true)).toEqual([
      'tap,id=net0,ifname=ngt0,script=no,downscript=no,vhost=on',
    ]);
    expect(netdev('virtio-net-pci', false)).toEqual([
      'tap,id=net0,ifname=ngt0,script=no,downscript=no,vhost=off',
    ]);
    for (const nic of ['e1000', 'e1000e', 'rtl8139'])
      expect(netdev(nic, true)).toEqual(['tap,id=net0,ifname=ngt0,script=no,downscript=no,vhost=off']);
  });

  it("gives the guest the accelerator probe's -cpu, with the OS's features off after it", () => {
    const cpu = 'host,-arch-capabilities';
    expect(after(argvFor('linux', 'e1000', { accel: 'kvm', cpu }), '-cpu')).toEqual([cpu]);
    expect(after(argvFor('openbsd', 'e1000', { accel: 'kvm', cpu }), '-cpu')).toEqual([
      'host,-arch-capabilities,-pdpe1gb',
    ]);
  });
});

describe('savedGuestParts', () => {
  const host = { qemuVersion: 'QEMU 8.2.2', hostCpu: 'Intel Xeon; flags' };
  const image = { contentHash: 'a'.repeat(64) };

  it('keys a saved guest by the -cpu it ran with: a state saved under one does not load under another', () => {
    expect(savedGuestParts({ image, accel: 'kvm' }, 'e1000', host).cpuModel).toBe('host');
    expect(
      savedGuestParts({ image, accel: 'kvm', cpu: 'host,-arch-capabilities' }, 'e1000', host).cpuModel,
    ).toBe('host,-arch-capabilities');
    expect(savedGuestParts({ image, accel: 'tcg' }, 'e1000', host).cpuModel).toBe('max');
  });
});
