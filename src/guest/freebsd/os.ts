// The FreeBSD guests: FreeBSD's BASIC-CI raw images (serial console, sshd), one per release.
import { bsdGuest } from '../bsd/os.js';
import { FREEBSD } from './system.js';

export const freebsdGuests = [
  bsdGuest({
    name: 'freebsd-14.3',
    os: FREEBSD,
    label: 'FreeBSD 14.3 disk',
    title: 'FreeBSD 14.3 (disk image)',
  }),
  bsdGuest({
    name: 'freebsd-15.0',
    alias: 'freebsd',
    os: FREEBSD,
    label: 'FreeBSD 15.0 disk',
    title: 'FreeBSD 15.0 (disk image)',
  }),
];
