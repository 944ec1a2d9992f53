import { readFileSync } from 'node:fs';
import { parseNicModels } from '../../src/qemu/devices.js';
import { NIC_MODELS, nicModel, vhostFor } from '../../src/nic/models.js';
import { GUEST_CATALOG } from '../../src/guest/registry.js';
import { LINUX } from '../../src/guest/linux/system.js';

// Recorded from QEMU 7.2 (Debian 12): `qemu-system-x86_64 -device help`.
const deviceHelp = readFileSync(new URL('../../fixtures/qemu/device-help.txt', import.meta.url), 'utf8');

describe('nicModel', () => {
  it('knows listed models only, not Object.prototype names', () => {
    expect(nicModel('e1000')?.note).toContain('82540EM');
    expect(nicModel('constructor')).toBeUndefined();
    expect(nicModel('usb-net')).toBeUndefined();
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
    for (const model of Object.keys(NIC_MODELS)) {
      expect([model, (LINUX.nics.drivers[model] ?? []).length > 0]).toEqual([model, true]);
    }
  });

  it("is the only list of models: every OS's NIC table names models of it", () => {
    for (const os of GUEST_CATALOG.oses)
      for (const model of [...Object.keys(os.nics.drivers), ...Object.keys(os.nics.quirks ?? {})])
        expect([os.name, model, Object.hasOwn(NIC_MODELS, model)]).toEqual([os.name, model, true]);
  });
});

describe('vhostFor', () => {
  it('gives vhost-net to virtio-net only, where /dev/vhost-net opens', () => {
    expect(vhostFor('virtio-net-pci', true)).toBe('on');
    expect(vhostFor('virtio-net-pci', false)).toBe('off');
    for (const model of ['e1000', 'e1000e', 'igb', 'vmxnet3', 'rtl8139', 'constructor'])
      expect(vhostFor(model, true)).toBeUndefined();
  });
});
