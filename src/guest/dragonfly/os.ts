// The DragonFly BSD guest: the cross-platform-actions DragonFly image.
import { bsdGuest } from '../bsd/os.js';
import { DRAGONFLY } from './system.js';

export const dragonflyGuest = bsdGuest({
  name: 'dragonfly-6.4',
  alias: 'dragonfly',
  os: DRAGONFLY,
  label: 'DragonFly BSD 6.4 disk',
  title: 'DragonFly BSD 6.4 (disk image)',
});
