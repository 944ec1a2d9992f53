// The guests nicgate knows, in the order `--guest` errors and plans list them. A guest OS is its
// folder under guest/ and one line here.
import { debianGuest } from './debian/os.js';
import { dragonflyGuest } from './dragonfly/os.js';
import { freebsdGuests } from './freebsd/os.js';
import { linuxGuest } from './linux/os.js';
import { netbsdGuest } from './netbsd/os.js';
import { openbsdGuest } from './openbsd/os.js';
import { guestCatalog } from './catalog.js';
import { USER_IMAGES } from './image/cache-layout.js';

export const GUEST_CATALOG = guestCatalog(
  [
    linuxGuest,
    debianGuest,
    ...freebsdGuests,
    netbsdGuest,
    openbsdGuest,
    dragonflyGuest,
    // A user's image is a guest of one run; its prepared folders are carried for every run.
  ],
  [USER_IMAGES],
);
