// The OpenBSD guest: the cross-platform-actions OpenBSD image (UEFI).
import { bsdGuest } from '../bsd/os.js';
import { OPENBSD } from './system.js';

export const openbsdGuest = bsdGuest({
  name: 'openbsd-7.8',
  alias: 'openbsd',
  os: OPENBSD,
  label: 'OpenBSD 7.8 disk',
  title: 'OpenBSD 7.8 (disk image)',
});
