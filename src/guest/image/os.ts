// A user's own image (`--image`) as a guest: the OS folder `--image-os` names supplies what
// nicgate knows of the OS (machine, NIC drivers, `stock` and `tuned` rows); the image supplies
// its name, path, format and content. A Linux image is prepared once over SSH (prepared.ts) and
// each measurement boots the prepared overlay with the image's own kernel straight into the hook;
// the image file itself is never written. A FreeBSD or NetBSD image is prepared with its OS's
// recipe (bsd-guest.ts, not yet run on a real guest); other OSes are refused with their reasons.
import { RunError } from '../../common/errors.js';
import type { ImageGuest } from '../../model/plan.js';
import type { Exec } from '../../proc/exec.js';
import type { BootSource } from '../../qemu/argv.js';
import { guestCatalog, type GuestCatalog } from '../catalog.js';
import { namedModulesJobText } from '../linux/os.js';
import type { BootJob, BootMedia, GuestImage, GuestOs, ImageRequest, OperatingSystem } from '../os.js';
import { imagePrepareRefusal } from '../recipe/recipe.js';
import { bsdImagePrepare, bsdPreparedPreview, prepareBsdImageGuest } from './bsd-guest.js';
import {
  describedImage,
  hookedImage,
  iperf3Source,
  NEVER_SAVED,
  prepareContextOf,
  writeJobDisk,
} from './image-guests.js';
import { USER_IMAGES } from './cache-layout.js';
import { HOOK_INIT } from './hook.js';
import { hookCommandLine } from './prepare-commands.js';
import { preparedUserImage, type PreparedUserImage } from './prepared.js';

/**
 * Why a run refuses an image of `os`: none for Linux, nor for a BSD with a recipe (FreeBSD,
 * NetBSD); for another OS its recipe's refusal (guest/<os>/prepare-recipe.ts).
 */
export function imageNotRunnable(os: OperatingSystem): string | undefined {
  if (os.name === 'linux') return undefined;
  // Its recipe runs (not yet on a real guest: `nicgate plan` and the run's warning say so).
  if (bsdImagePrepare(os) !== undefined) return undefined;
  const why = os.imagePrepare === undefined ? undefined : imagePrepareRefusal(os.label, os.imagePrepare);
  return (
    why ?? `measuring a ${os.name} image is not built yet: its prepare recipe has not run on a real runner`
  );
}

/** The job disk beside the prepared overlay, and the image's kernel booted straight into the hook. */
export async function userImageBootMedia(
  image: ImageGuest,
  prepared: PreparedUserImage,
  job: BootJob,
  stem: string,
): Promise<BootMedia> {
  const jobDisk = await writeJobDisk(namedModulesJobText(job), stem);
  return {
    boot: {
      kind: 'disk',
      drives: [
        {
          file: prepared.overlay,
          format: 'qcow2',
          snapshot: true,
          backing: { file: image.path, format: image.format },
        },
        { file: jobDisk, format: 'raw', readOnly: true },
      ],
      direct: {
        kernel: prepared.kernel,
        initrd: prepared.initrd,
        append: hookCommandLine(prepared.record.rootArgs, HOOK_INIT),
      },
    },
    files: [jobDisk],
  };
}

async function prepareLinuxImage(image: ImageGuest, request: ImageRequest, exec: Exec): Promise<GuestImage> {
  if (image.prepare === 'none') return hookedImage(image, namedModulesJobText);
  if (request.describeOnly === true) return describedImage(image);
  const prepared = await preparedUserImage(image, request.cacheDir, prepareContextOf(image, request, exec));
  return {
    kernelRelease: prepared.record.kernelRelease,
    kernelSource: `image ${image.name} (sha256 ${image.contentHash.slice(0, 16)}), its own kernel; ${iperf3Source(prepared.record.iperf3)}`,
    contentHash: image.contentHash,
    bootMedia: (job, stem) => userImageBootMedia(image, prepared, job, stem),
    ...NEVER_SAVED,
  };
}

/** The guest of one user image, of the OS it names in `catalog`. */
export function userImageGuest(image: ImageGuest, catalog: GuestCatalog): GuestOs {
  const os = catalog.oses.find((known) => known.name === image.os);
  if (os === undefined) throw new RunError(`no guest OS is named ${JSON.stringify(image.os)}`);
  const notRunnable = imageNotRunnable(os);
  return {
    name: image.name,
    os,
    label: `image ${image.name}`,
    title: `your ${os.label} image, ${image.format}`,
    boot: 'disk-image',
    ...(notRunnable === undefined ? {} : { notRunnable }),
    // The prepared folder; the image itself is the workflow's own file.
    cacheLayouts: [USER_IMAGES],
    prepareImage: (request, exec) => {
      if (notRunnable !== undefined) return Promise.reject(new RunError(notRunnable));
      return os.name === 'linux'
        ? prepareLinuxImage(image, request, exec)
        : prepareBsdImageGuest(image, request, os, exec);
    },
    bootPreview: (index) => {
      if (image.prepare === 'none') return hookedPreview(image, index);
      return os.name === 'linux' ? preparedPreview(image, index) : bsdPreparedPreview(image, index);
    },
  };
}

function hookedPreview(image: ImageGuest, index: number): BootSource {
  return {
    kind: 'disk',
    drives: [
      { file: image.path, format: image.format, snapshot: true },
      { file: `<scratch>/boot-${index}.tar`, format: 'raw', readOnly: true },
    ],
  };
}

function preparedPreview(image: ImageGuest, index: number): BootSource {
  const folder = `<cache>/user-images/${image.contentHash.slice(0, 16)}-<recipe>`;
  return {
    kind: 'disk',
    drives: [
      {
        file: `${folder}/prepared.qcow2`,
        format: 'qcow2',
        snapshot: true,
        backing: { file: image.path, format: image.format },
      },
      { file: `<scratch>/boot-${index}.tar`, format: 'raw', readOnly: true },
    ],
    direct: {
      kernel: `${folder}/vmlinuz`,
      initrd: `${folder}/initrd`,
      append: hookCommandLine(['root=<as the image boots>'], HOOK_INIT),
    },
  };
}

/** `catalog` with the plan's images added as guests of their OSes. */
export function withImageGuests(catalog: GuestCatalog, images: readonly ImageGuest[]): GuestCatalog {
  if (images.length === 0) return catalog;
  return guestCatalog([...catalog.guests, ...images.map((image) => userImageGuest(image, catalog))]);
}
