// A user's own image (`--image`) as a guest: the OS folder `--image-os` names supplies what
// nicgate knows of the OS (machine, NIC drivers, `stock` and `tuned` rows); the image supplies
// its name, path, format and content. Measuring one needs it prepared over SSH, which is not
// built yet: `nicgate plan` shows it, a run refuses it before anything boots.
import { RunError } from '../../common/errors.js';
import type { ImageGuest } from '../../model/plan.js';
import { guestCatalog, type GuestCatalog } from '../catalog.js';
import type { GuestOs } from '../os.js';

/** Why a run refuses an image guest, for the refusal and `nicgate plan`. */
export const IMAGE_NOT_BUILT =
  'measuring a user image is not built yet (preparing it over SSH, with a NoCloud seed, comes next)';

function userImageGuest(image: ImageGuest, catalog: GuestCatalog): GuestOs {
  const os = catalog.oses.find((known) => known.name === image.os);
  if (os === undefined) throw new RunError(`no guest OS is named ${JSON.stringify(image.os)}`);
  return {
    name: image.name,
    os,
    label: `image ${image.name}`,
    title: `your ${os.label} image, ${image.format}`,
    boot: 'disk-image',
    notRunnable: IMAGE_NOT_BUILT,
    // Nothing cached: the image is the user's file, read where it lies.
    cacheLayouts: [],
    prepareImage: () => Promise.reject(new RunError(IMAGE_NOT_BUILT)),
    // The image itself, never written: QEMU's writes go to a temporary snapshot file.
    bootPreview: () => ({
      kind: 'disk',
      drives: [{ file: image.path, format: image.format, snapshot: true }],
    }),
  };
}

/** `catalog` with the plan's images added as guests of their OSes. */
export function withImageGuests(catalog: GuestCatalog, images: readonly ImageGuest[]): GuestCatalog {
  if (images.length === 0) return catalog;
  return guestCatalog([...catalog.guests, ...images.map((image) => userImageGuest(image, catalog))]);
}
