// The BSD guests behind the GuestOs seam, as far as they exist: their NIC drivers, their tuning
// and their boot media can be planned (`nicgate plan`); their images cannot be made yet, and a
// run refuses them before anything boots (model/guests.ts says why).
import { RunError } from '../../common/errors.js';
import type { GuestName } from '../../model/guests.js';
import { nicDrivers } from '../../nic/models.js';
import type { GuestOs } from '../os.js';
import { bsdTuningCommands } from './tuning.js';
import type { BsdFamily } from './traits.js';

export function bsdGuest(name: GuestName, os: BsdFamily, label: string): GuestOs {
  return {
    name,
    os,
    label,
    prepareImage: () => Promise.reject(new RunError(`the ${name} guest's image cannot be made yet`)),
    nicDrivers: (model) => nicDrivers(os, model),
    tuning: (sysctls) => bsdTuningCommands(os, sysctls),
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
