import { readFileSync } from 'node:fs';
import { InputError, RunError } from '../../src/common/errors.js';
import { parseNicModels, validateNics } from '../../src/qemu/devices.js';

// Recorded from QEMU 7.2 (Debian 12): `qemu-system-x86_64 -device help`.
const deviceHelp = readFileSync(new URL('../../fixtures/qemu/device-help.txt', import.meta.url), 'utf8');

describe('parseNicModels', () => {
  const models = parseNicModels(deviceHelp);

  it('lists only the network section', () => {
    const names = models.map((model) => model.name);
    expect(names).toEqual(
      expect.arrayContaining(['e1000', 'e1000e', 'virtio-net-pci', 'vmxnet3', 'rtl8139']),
    );
    expect(names).not.toContain('cxl-rp');
    expect(names).not.toContain('virtio-blk-pci');
    expect(models).toHaveLength(30);
  });

  it('reads aliases, bus and description', () => {
    expect(models.find((model) => model.name === 'e1000')).toEqual({
      name: 'e1000',
      aliases: ['e1000-82540em'],
      bus: 'PCI',
      desc: 'Intel Gigabit Ethernet',
    });
    expect(models.find((model) => model.name === 'virtio-net-pci')).toEqual({
      name: 'virtio-net-pci',
      aliases: ['virtio-net'],
      bus: 'PCI',
    });
    expect(models.find((model) => model.name === 'usb-net')?.bus).toBe('usb-bus');
  });

  it('keeps commas inside a description', () => {
    const text = 'Network devices:\nname "x", bus PCI, desc "fast, cheap"\n\nStorage devices:\n';
    expect(parseNicModels(text)).toEqual([{ name: 'x', aliases: [], bus: 'PCI', desc: 'fast, cheap' }]);
  });

  it('fails when the output has no network section', () => {
    expect(() => parseNicModels('Storage devices:\nname "ide-hd", bus IDE\n')).toThrow(RunError);
  });
});

describe('validateNics', () => {
  const models = parseNicModels(deviceHelp);

  it('accepts names and aliases', () => {
    expect(() =>
      validateNics(['virtio-net-pci', 'virtio-net', 'e1000-82540em', 'e1000e'], models),
    ).not.toThrow();
  });

  it('names the flag, the bad model and the valid ones', () => {
    let caught: unknown;
    try {
      validateNics(['e1000', 'igb'], models);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as Error).message).toMatch(
      /^--nic: "igb" is not a NIC model this QEMU offers; valid: e1000, e1000-82544gc, .*virtio-net-pci, .*vmxnet3$/,
    );
    expect((caught as Error).message).not.toMatch(/usb-net|ne2k_isa|virtio-net-device|rocker|pvrdma/);
  });

  it('refuses listed models that do not plug into the PCI bus or are not NICs, saying why', () => {
    expect(() => validateNics(['usb-net'], models)).toThrow(
      /^--nic: "usb-net" is a usb-bus device; nicgate plugs NICs into the PCI bus; valid: e1000/,
    );
    expect(() => validateNics(['virtio-net-device'], models)).toThrow(
      /"virtio-net-device" is a virtio-bus device/,
    );
    expect(() => validateNics(['rocker'], models)).toThrow(/"rocker" is a switch device, not a NIC/);
    expect(() => validateNics(['rtl8139', 'pcnet', 'ne2k_pci', 'i82559er', 'vmxnet3'], models)).not.toThrow();
  });
});
