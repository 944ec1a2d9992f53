// A made-up OS, declared as a real one is in its folder under src/guest/: its machine, its NIC
// drivers (with a quirk), its built-in profiles and how it applies one. Nothing in src/ names it.
import { SIXTEEN_MIB } from '../../../src/guest/builtin-tuning.js';
import type { OperatingSystem } from '../../../src/guest/os.js';

export const FAKE_OS: OperatingSystem = {
  name: 'fakeos',
  label: 'FakeOS',
  machine: { firmware: 'uefi', cpuFeaturesOff: ['x2apic'] },
  nics: {
    loading: 'built-in',
    drivers: { 'virtio-net-pci': ['fvio'], e1000: ['fe'] },
    quirks: {
      e1000: { props: { mitigation: 'off' }, why: "FakeOS's fe driver stalls under interrupt mitigation" },
    },
  },
  builtinTuning: {
    stock: { sysctls: [] },
    tuned: {
      sysctls: [{ name: 'net.fake.sendbuf', value: SIXTEEN_MIB }],
      missing: ['BBR: FakeOS has no congestion control to choose'],
    },
  },
  tuningLines: (sysctls) => sysctls.map((sysctl) => `fakectl set ${sysctl.name} ${sysctl.value}`),
  shapesOwnLink: false,
};
