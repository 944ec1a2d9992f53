// The NIC table readers, with the tables the OS folders declare.
import { allNicDrivers, nicDeviceProps, nicDrivers, nicQuirk, nicRefusal } from '../../src/nic/drivers.js';
import { NIC_MODELS } from '../../src/nic/models.js';
import { GUEST_CATALOG } from '../../src/guest/registry.js';

const os = (name: string) => GUEST_CATALOG.oses.find((known) => known.name === name)!;
const linux = os('linux').nics;

describe('nicDrivers', () => {
  it.each([
    ['virtio-net-pci', ['virtio_pci', 'virtio_net']],
    ['e1000', ['e1000']],
    ['e1000-82545em', ['e1000']],
    ['e1000e', ['e1000e']],
    ['igb', ['igb']],
    ['rtl8139', ['8139cp', '8139too']],
    ['i82559er', ['e100']],
  ])('%s loads %j on Linux', (model, modules) => {
    expect(nicDrivers(linux, model)).toEqual(modules);
  });

  it('loads every known NIC driver for a model it does not know', () => {
    expect(nicDrivers(linux, 'usb-net')).toEqual(allNicDrivers(linux));
    expect(nicDrivers(linux, 'constructor')).toEqual(allNicDrivers(linux));
    expect(nicDrivers(linux, 'toString')).toEqual(allNicDrivers(linux));
  });

  it('hands out a copy, so a caller cannot change the table', () => {
    nicDrivers(linux, 'e1000').push('oops');
    expect(nicDrivers(linux, 'e1000')).toEqual(['e1000']);
  });
});

describe('allNicDrivers', () => {
  it('lists each module once, covering every model, in the order of NIC_MODELS', () => {
    const all = allNicDrivers(linux);
    expect(new Set(all).size).toBe(all.length);
    for (const model of Object.keys(NIC_MODELS))
      expect(all).toEqual(expect.arrayContaining(nicDrivers(linux, model)));
    expect(all.filter((name) => name === 'e1000')).toHaveLength(1);
    expect(all.filter((name) => name === 'e100')).toHaveLength(1);
    // The Linux image's module list, and so its content hash, follows this order.
    expect(all).toEqual([
      'virtio_pci',
      'virtio_net',
      'e1000',
      'e1000e',
      'igb',
      'vmxnet3',
      '8139cp',
      '8139too',
      'pcnet32',
      'ne2k_pci',
      'e100',
    ]);
  });

  it('uses module names as in modules.dep (underscores, no suffix)', () => {
    for (const name of allNicDrivers(linux)) expect(name).toMatch(/^[a-z0-9_]+$/);
  });

  it('lists a model the table names that NIC_MODELS lacks after the others', () => {
    const table = { loading: 'built-in' as const, drivers: { 'new-nic': ['nn'], e1000: ['em'] } };
    expect(allNicDrivers(table)).toEqual(['em', 'nn']);
    expect(nicRefusal(table, 'Some OS', 'usb-net')).toBe(
      'has no Some OS driver nicgate knows of (Some OS guests take e1000, new-nic)',
    );
  });
});

describe('nicDeviceProps and nicQuirk', () => {
  it('gives no extra device properties to models that need none', () => {
    expect(nicDeviceProps(linux, 'virtio-net-pci')).toEqual({});
    expect(nicDeviceProps(os('freebsd').nics, 'virtio-net-pci')).toEqual({});
    expect(nicDeviceProps(linux, 'constructor')).toEqual({});
    expect(nicQuirk(os('netbsd').nics, 'constructor')).toBeUndefined();
  });

  it("turns NetBSD's virtio-net control queue off, on NetBSD only", () => {
    expect(nicDeviceProps(os('netbsd').nics, 'virtio-net-pci')).toEqual({ ctrl_vq: 'off' });
    expect(nicQuirk(os('netbsd').nics, 'virtio-net-pci')?.why).toContain('control queue');
    expect(nicDeviceProps(os('netbsd').nics, 'e1000')).toEqual({});
  });
});

describe('BSD drivers and refusals', () => {
  it.each([
    ['freebsd', 'virtio-net-pci', ['vtnet']],
    ['freebsd', 'e1000', ['em']],
    ['freebsd', 'vmxnet3', ['vmx']],
    ['netbsd', 'virtio-net-pci', ['vioif']],
    ['netbsd', 'e1000e', ['wm']],
    ['openbsd', 'virtio-net-pci', ['vio']],
    ['openbsd', 'igb', ['em']],
    ['dragonfly', 'e1000e', ['emx']],
    // QEMU's rtl8139 is an 8139C+, which attaches as re.
    ['freebsd', 'rtl8139', ['re']],
  ] as const)('%s drives %s with %j', (name, model, drivers) => {
    expect(nicDrivers(os(name).nics, model)).toEqual(drivers);
    expect(nicRefusal(os(name).nics, os(name).label, model)).toBeUndefined();
  });

  it('refuses a model a BSD has no known driver for, naming what it takes', () => {
    const refusal = (name: string, model: string) => nicRefusal(os(name).nics, os(name).label, model);
    expect(refusal('dragonfly', 'vmxnet3')).toMatch(
      /^has no DragonFly BSD driver nicgate knows of \(DragonFly BSD guests take virtio-net-pci, e1000, /,
    );
    expect(refusal('freebsd', 'usb-net')).toContain('has no FreeBSD driver');
    expect(refusal('freebsd', 'constructor')).toContain('has no FreeBSD driver');
    expect(nicDrivers(os('freebsd').nics, 'usb-net')).toEqual([]);
  });

  it('lets Linux take any model, listed or not', () => {
    expect(nicRefusal(linux, 'Linux', 'usb-net')).toBeUndefined();
    expect(nicRefusal(linux, 'Linux', 'vmxnet3')).toBeUndefined();
  });

  it('names every BSD driver in plain interface-name characters', () => {
    for (const name of ['freebsd', 'netbsd', 'openbsd', 'dragonfly'])
      for (const driver of allNicDrivers(os(name).nics)) expect(driver).toMatch(/^[a-z]+$/);
  });
});
