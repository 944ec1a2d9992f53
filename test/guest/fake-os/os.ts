// The made-up OS's one guest: a disk image booted through firmware, whose image this test never
// builds, and the folder it would keep in the cache.
import { join } from 'node:path';
import {
  imageJsonEntry,
  sortedNames,
  type CacheEntry,
  type CacheLayout,
} from '../../../src/guest/cache-layout.js';
import type { GuestOs } from '../../../src/guest/os.js';
import { FAKE_OS } from './system.js';

const FOLDER = /^fakeos-[0-9a-f]{16}$/;

const FAKE_DISKS: CacheLayout = {
  entries: async (cacheDir) => {
    const entries: CacheEntry[] = [];
    for (const folder of (await sortedNames(cacheDir)).filter((name) => FOLDER.test(name))) {
      const entry = await imageJsonEntry(cacheDir, folder, { kind: 'disk', paths: [folder] });
      if (entry) entries.push(entry);
    }
    return entries;
  },
  stagedGroups: async (stageDir) =>
    (await sortedNames(stageDir)).filter((name) => FOLDER.test(name)).map((name) => [name]),
};

export const fakeGuest: GuestOs = {
  name: 'fakeos-1.0',
  alias: 'fakeos',
  os: FAKE_OS,
  label: 'FakeOS 1.0 disk',
  title: 'FakeOS 1.0 (disk image)',
  boot: 'disk-image',
  cacheLayouts: [FAKE_DISKS],
  prepareImage: () => Promise.reject(new Error('a made-up OS has no image')),
  bootPreview: (index) => ({
    kind: 'disk',
    drives: [
      { file: join('<cache>', 'fakeos-<image hash>', 'disk.qcow2'), format: 'qcow2', snapshot: true },
      { file: `<scratch>/boot-${index}.tar`, format: 'raw', readOnly: true },
    ],
  }),
};
