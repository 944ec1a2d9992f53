// What the BSDs share behind the GuestOs seam, as far as they exist: their NIC drivers, their
// tuning and their boot media can be planned (`nicgate plan`); their images cannot be made yet,
// and a run refuses them before anything boots. Each BSD's folder under guest/ builds its
// OperatingSystem and its guests with these.
import { RunError } from '../../common/errors.js';
import type { GuestOs, OperatingSystem } from '../os.js';
import { bsdTuningCommands } from './tuning.js';
import type { BsdTraits } from './traits.js';

const BSD_NOT_BUILT =
  'nicgate cannot download or prepare BSD images yet; `nicgate plan` shows what a run of it would do';

/** A BSD: its drivers are built into its kernel, it tunes by commands, and it has no netem of its own. */
export function bsdSystem(
  traits: BsdTraits,
  os: Pick<OperatingSystem, 'label' | 'machine' | 'nics' | 'builtinTuning' | 'imagePrepare'>,
): OperatingSystem {
  return {
    name: traits.name,
    ...os,
    tuningLines: (sysctls) => bsdTuningCommands(traits, sysctls),
    shapesOwnLink: false,
    bsdTraits: traits,
  };
}

/** A BSD guest: a disk image booted through firmware, prepared once, with a job disk per boot. */
export function bsdGuest(guest: Pick<GuestOs, 'name' | 'alias' | 'os' | 'label' | 'title'>): GuestOs {
  const { name } = guest;
  return {
    ...guest,
    boot: 'disk-image',
    notRunnable: BSD_NOT_BUILT,
    cacheLayouts: [],
    prepareImage: () => Promise.reject(new RunError(`the ${name} guest's image cannot be made yet`)),
    bootPreview: (index) => ({
      kind: 'disk',
      drives: [
        {
          file: `<cache>/${name}-<image hash>/prepared-<install hash>.qcow2`,
          format: 'qcow2',
          snapshot: true,
        },
        { file: `<scratch>/boot-${index}.tar`, format: 'raw', readOnly: true },
      ],
    }),
  };
}
