// The NetBSD guest: NetBSD's live image, first prepared over the serial console.
import { bsdGuest } from '../bsd/os.js';
import { NETBSD } from './system.js';

export const netbsdGuest = bsdGuest({
  name: 'netbsd-10.1',
  alias: 'netbsd',
  os: NETBSD,
  label: 'NetBSD 10.1 disk',
  title: 'NetBSD 10.1 (disk image)',
});
