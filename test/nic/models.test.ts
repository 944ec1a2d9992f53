import { readFileSync } from 'node:fs';
import { parseNicModels } from '../../src/qemu/devices.js';
import {
  allNicDrivers,
  NIC_MODELS,
  nicDeviceProps,
  nicDrivers,
  nicModel,
  nicRefusal,
} from '../../src/nic/models.js';

// Recorded from QEMU 7.2 (Debian 12): `qemu-system-x86_64 -device help`.
const deviceHelp = readFileSync(new URL('../../fixtures/qemu/device-help.txt', import.meta.url), 'utf8');

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
    expect(nicDrivers('linux', model)).toEqual(modules);
  });

  it('loads every known NIC driver for a model it does not know', () => {
    expect(nicDrivers('linux', 'usb-net')).toEqual(allNicDrivers('linux'));
    expect(nicDrivers('linux', 'constructor')).toEqual(allNicDrivers('linux'));
    expect(nicDrivers('linux', 'toString')).toEqual(allNicDrivers('linux'));
  });

  it('hands out a copy, so a caller cannot change the table', () => {
    nicDrivers('linux', 'e1000').push('oops');
    expect(nicDrivers('linux', 'e1000')).toEqual(['e1000']);
  });
});

describe('allNicDrivers', () => {
  it('lists each module once, covering every model', () => {
    const all = allNicDrivers('linux');
    expect(new Set(all).size).toBe(all.length);
    for (const info of Object.values(NIC_MODELS))
      expect(all).toEqual(expect.arrayContaining([...info.drivers.linux]));
    expect(all.filter((name) => name === 'e1000')).toHaveLength(1);
    expect(all.filter((name) => name === 'e100')).toHaveLength(1);
  });

  it('uses module names as in modules.dep (underscores, no suffix)', () => {
    for (const name of allNicDrivers('linux')) expect(name).toMatch(/^[a-z0-9_]+$/);
  });
});

describe('nicModel and nicDeviceProps', () => {
  it('knows listed models only, not Object.prototype names', () => {
    expect(nicModel('e1000')?.drivers.linux).toEqual(['e1000']);
    expect(nicModel('constructor')).toBeUndefined();
    expect(nicModel('usb-net')).toBeUndefined();
  });

  it('gives no extra device properties to models that need none', () => {
    expect(nicDeviceProps('linux', 'virtio-net-pci')).toEqual({});
    expect(nicDeviceProps('freebsd', 'virtio-net-pci')).toEqual({});
    expect(nicDeviceProps('linux', 'constructor')).toEqual({});
  });

  it("turns NetBSD's virtio-net control queue off, on NetBSD only", () => {
    expect(nicDeviceProps('netbsd', 'virtio-net-pci')).toEqual({ ctrl_vq: 'off' });
    expect(nicDeviceProps('netbsd', 'e1000')).toEqual({});
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
  ] as const)('%s drives %s with %j', (os, model, drivers) => {
    expect(nicDrivers(os, model)).toEqual(drivers);
    expect(nicRefusal(os, model)).toBeUndefined();
  });

  it('refuses a model a BSD has no known driver for, naming what it takes', () => {
    expect(nicRefusal('dragonfly', 'vmxnet3')).toMatch(
      /^has no DragonFly BSD driver nicgate knows of \(DragonFly BSD guests take virtio-net-pci, e1000, /,
    );
    expect(nicRefusal('freebsd', 'usb-net')).toContain('has no FreeBSD driver');
    expect(nicRefusal('freebsd', 'constructor')).toContain('has no FreeBSD driver');
    expect(nicDrivers('freebsd', 'usb-net')).toEqual([]);
  });

  it('lets Linux take any model, listed or not', () => {
    expect(nicRefusal('linux', 'usb-net')).toBeUndefined();
    expect(nicRefusal('linux', 'vmxnet3')).toBeUndefined();
  });

  it('names every BSD driver in plain interface-name characters', () => {
    for (const os of ['freebsd', 'netbsd', 'openbsd', 'dragonfly'] as const)
      for (const name of allNicDrivers(os)) expect(name).toMatch(/^[a-z]+$/);
  });
});

describe('NIC_MODELS', () => {
  const offered = new Set(parseNicModels(deviceHelp).map((model) => model.name));

  it('names only models this QEMU offers on its NIC list (igb came with QEMU 8.0)', () => {
    const missing = Object.keys(NIC_MODELS).filter((model) => !offered.has(model));
    expect(missing).toEqual(['igb']);
    expect(NIC_MODELS.igb?.note).toContain('QEMU 8.0');
  });

  it('gives every model at least one Linux driver module', () => {
    for (const [model, info] of Object.entries(NIC_MODELS)) {
      expect([model, info.drivers.linux.length > 0]).toEqual([model, true]);
    }
  });
});
