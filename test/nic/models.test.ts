import { readFileSync } from 'node:fs';
import { parseNicModels } from '../../src/qemu/devices.js';
import { allNicModules, NIC_MODELS, nicModules, PROFILE_MODULES } from '../../src/nic/models.js';

// Recorded from QEMU 7.2 (Debian 12): `qemu-system-x86_64 -device help`.
const deviceHelp = readFileSync(new URL('../../fixtures/qemu/device-help.txt', import.meta.url), 'utf8');

describe('nicModules', () => {
  it.each([
    ['virtio-net-pci', ['virtio_pci', 'virtio_net']],
    ['e1000', ['e1000']],
    ['e1000-82545em', ['e1000']],
    ['e1000e', ['e1000e']],
    ['igb', ['igb']],
    ['rtl8139', ['8139cp', '8139too']],
    ['i82559er', ['e100']],
  ])('%s loads %j', (model, modules) => {
    expect(nicModules(model)).toEqual(modules);
  });

  it('loads every known NIC driver for a model it does not know', () => {
    expect(nicModules('usb-net')).toEqual(allNicModules());
    expect(nicModules('constructor')).toEqual(allNicModules());
    expect(nicModules('toString')).toEqual(allNicModules());
  });
});

describe('allNicModules', () => {
  it('lists each module once, covering every model', () => {
    const all = allNicModules();
    expect(new Set(all).size).toBe(all.length);
    for (const info of Object.values(NIC_MODELS))
      expect(all).toEqual(expect.arrayContaining(info.linuxModules));
    expect(all.filter((name) => name === 'e1000')).toHaveLength(1);
    expect(all.filter((name) => name === 'e100')).toHaveLength(1);
  });

  it('uses module names as in modules.dep (underscores, no suffix)', () => {
    for (const name of [...allNicModules(), ...PROFILE_MODULES]) expect(name).toMatch(/^[a-z0-9_]+$/);
  });
});

describe('NIC_MODELS', () => {
  const offered = new Set(parseNicModels(deviceHelp).map((model) => model.name));

  it('names only models this QEMU offers on its NIC list (igb came with QEMU 8.0)', () => {
    const missing = Object.keys(NIC_MODELS).filter((model) => !offered.has(model));
    expect(missing).toEqual(['igb']);
    expect(NIC_MODELS.igb?.note).toContain('QEMU 8.0');
  });

  it('gives every model at least one driver module', () => {
    for (const [model, info] of Object.entries(NIC_MODELS)) {
      expect([model, info.linuxModules.length > 0]).toEqual([model, true]);
    }
  });

  it('carries the profile modules for BBR, fq and netem', () => {
    expect(PROFILE_MODULES).toEqual(['tcp_bbr', 'sch_fq', 'sch_netem']);
  });
});
